package io.sysql.sql;

import io.sysql.sql.schema.TableDef;

/**
 * A table function whose rows are a declared table's ({@code fds_at}, {@code fds_during}, ...): its columns by
 * name, so what a column is there, e.g. a time twin ({@link TwinNanos}), is what the declaration says.
 */
interface DeclaredRowsFunction {
    TableDef<?> table();
}
