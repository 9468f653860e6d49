package io.sysql.sql;

import io.sysql.sql.schema.Column;
import io.sysql.sql.schema.SqlType;
import io.sysql.sql.schema.TableDef;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

import java.util.List;

/** Calcite row types of the declared tables; every column is nullable. */
final class RowTypes {
    /** Calcite keeps milliseconds in a TIMESTAMP; a column promising more would lie. */
    private static final int TIMESTAMP_PRECISION = 3;

    private RowTypes() {
    }

    static RelDataType of(TableDef<?> table, RelDataTypeFactory types) {
        return of(table.columns(), types);
    }

    static RelDataType of(List<? extends Column<?>> columns, RelDataTypeFactory types) {
        RelDataTypeFactory.Builder b = types.builder();
        for (Column<?> c : columns) {
            b.add(c.name(), types.createTypeWithNullability(sqlType(c.type(), types), true));
        }
        return b.build();
    }

    private static RelDataType sqlType(SqlType type, RelDataTypeFactory types) {
        return switch (type) {
            case BIGINT -> types.createSqlType(SqlTypeName.BIGINT);
            case INTEGER -> types.createSqlType(SqlTypeName.INTEGER);
            case VARCHAR -> types.createSqlType(SqlTypeName.VARCHAR);
            case BOOLEAN -> types.createSqlType(SqlTypeName.BOOLEAN);
            case TIMESTAMP -> types.createSqlType(SqlTypeName.TIMESTAMP, TIMESTAMP_PRECISION);
        };
    }
}
