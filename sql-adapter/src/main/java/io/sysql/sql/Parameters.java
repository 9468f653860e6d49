package io.sysql.sql;

import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.sql.type.SqlTypeName;

/** The declared parameters of sysql's SQL functions: all required, typed when the validator asks. */
final class Parameters {
    private Parameters() {
    }

    static FunctionParameter required(int ordinal, String name, Function<RelDataTypeFactory, RelDataType> type) {
        return new FunctionParameter() {
            @Override
            public int getOrdinal() {
                return ordinal;
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public RelDataType getType(RelDataTypeFactory typeFactory) {
                return type.apply(typeFactory);
            }

            @Override
            public boolean isOptional() {
                return false;
            }
        };
    }

    /** A required parameter that takes any value of {@code type}, NULL too. */
    static FunctionParameter nullable(int ordinal, String name, SqlTypeName type) {
        return required(ordinal, name, f -> f.createTypeWithNullability(f.createSqlType(type), true));
    }
}
