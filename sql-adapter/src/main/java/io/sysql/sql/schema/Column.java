package io.sysql.sql.schema;

import java.util.function.Function;

/**
 * One column of a table: its name (sysdig's field name in snake_case), its type, what it means (shown as
 * JDBC REMARKS) and how to read it from a row object. Every column is nullable: {@code null} means
 * unknown or not applicable. A TIMESTAMP column that is a time twin names the BIGINT column of nanoseconds
 * it shows ({@code twinOf}, else null); the relation travels with the column into every table built of it.
 */
public record Column<R>(String name, SqlType type, String meaning, Function<? super R, ?> accessor, String twinOf) {

    public Column(String name, SqlType type, String meaning, Function<? super R, ?> accessor) {
        this(name, type, meaning, accessor, null);
    }

    public Object valueOf(R row) {
        return accessor.apply(row);
    }

    /** The same column read from another row object that holds an {@code R}. */
    public <S> Column<S> on(Function<? super S, ? extends R> part) {
        Function<? super R, ?> read = accessor;
        return new Column<>(name, type, meaning, s -> {
            R r = part.apply(s);
            return r == null ? null : read.apply(r);
        }, twinOf);
    }
}
