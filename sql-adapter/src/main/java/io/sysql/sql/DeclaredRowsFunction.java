package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TableFunction;

import java.lang.reflect.Type;
import java.util.List;

/**
 * A table function whose rows are a declared table's ({@code fds_at}, {@code fds_during}, ...): its columns by
 * name, so what a column is there, e.g. a time twin ({@link TwinNanos}), is what the declaration says; its row
 * type is the declaration's, its rows object arrays.
 */
interface DeclaredRowsFunction extends TableFunction {
    TableDef<?> table();

    @Override
    default RelDataType getRowType(RelDataTypeFactory typeFactory, List<? extends Object> arguments) {
        return RowTypes.of(table(), typeFactory);
    }

    @Override
    default Type getElementType(List<? extends Object> arguments) {
        return Object[].class;
    }
}
