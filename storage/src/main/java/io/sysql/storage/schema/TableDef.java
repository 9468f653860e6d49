package io.sysql.storage.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** A table declared once: name, meaning, kind and columns read from a row object of type {@code R}. */
public final class TableDef<R> {
    private final String name;
    private final String meaning;
    private final TableKind kind;
    private final List<Column<R>> columns;

    private TableDef(String name, String meaning, TableKind kind, List<Column<R>> columns) {
        this.name = name;
        this.meaning = meaning;
        this.kind = kind;
        this.columns = Collections.unmodifiableList(columns);
    }

    public static <R> Builder<R> builder(String name, TableKind kind, String meaning) {
        return new Builder<>(name, kind, meaning);
    }

    public String name() {
        return name;
    }

    public String meaning() {
        return meaning;
    }

    public TableKind kind() {
        return kind;
    }

    public List<Column<R>> columns() {
        return columns;
    }

    /** Position of a column (case-insensitive), or -1. */
    public int indexOf(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(columnName)) {
                return i;
            }
        }
        return -1;
    }

    /** The row as an array of the chosen columns' values ({@code projection == null}: all columns). */
    public Object[] values(R row, int[] projection) {
        if (projection == null) {
            Object[] out = new Object[columns.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = columns.get(i).valueOf(row);
            }
            return out;
        }
        Object[] out = new Object[projection.length];
        for (int i = 0; i < projection.length; i++) {
            out[i] = columns.get(projection[i]).valueOf(row);
        }
        return out;
    }

    @Override
    public String toString() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Collects columns in declaration order. */
    public static final class Builder<R> {
        private final String name;
        private final TableKind kind;
        private final String meaning;
        private final List<Column<R>> columns = new ArrayList<>();

        private Builder(String name, TableKind kind, String meaning) {
            this.name = name;
            this.kind = kind;
            this.meaning = meaning;
        }

        public Builder<R> bigint(String column, String meaning, Function<? super R, ?> accessor) {
            return add(new Column<>(column, SqlType.BIGINT, meaning, accessor));
        }

        public Builder<R> integer(String column, String meaning, Function<? super R, ?> accessor) {
            return add(new Column<>(column, SqlType.INTEGER, meaning, accessor));
        }

        public Builder<R> varchar(String column, String meaning, Function<? super R, ?> accessor) {
            return add(new Column<>(column, SqlType.VARCHAR, meaning, accessor));
        }

        public Builder<R> bool(String column, String meaning, Function<? super R, ?> accessor) {
            return add(new Column<>(column, SqlType.BOOLEAN, meaning, accessor));
        }

        public Builder<R> timestamp(String column, String meaning, Function<? super R, ?> accessor) {
            return add(new Column<>(column, SqlType.TIMESTAMP, meaning, accessor));
        }

        public Builder<R> add(Column<R> column) {
            if (columns.stream().anyMatch(c -> c.name().equals(column.name()))) {
                throw new IllegalArgumentException(name + "." + column.name() + " declared twice");
            }
            columns.add(column);
            return this;
        }

        /** Adds the columns of a part of this table's row (e.g. the process inside a process-at-a-point). */
        public <P> Builder<R> addAll(List<Column<P>> part, Function<? super R, ? extends P> partOf) {
            for (Column<P> c : part) {
                add(c.on(partOf));
            }
            return this;
        }

        public TableDef<R> build() {
            return new TableDef<>(name, meaning, kind, new ArrayList<>(columns));
        }
    }
}
