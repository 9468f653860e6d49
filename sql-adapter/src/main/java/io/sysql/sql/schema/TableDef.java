package io.sysql.sql.schema;

import io.sysql.storage.Capture;
import io.sysql.storage.history.HistoryIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A table declared once: name, meaning, kind, columns read from a row object of type {@code R}, and where
 * its rows come from (a state table's at a point, a history or catalog table's from the whole capture), so
 * the SQL layer needs no list of tables of its own.
 */
public final class TableDef<R> {
    private final String name;
    private final String meaning;
    private final TableKind kind;
    private final List<Column<R>> columns;
    private final RowsAt<R> rowsAt;
    private final ProcessRowsAt<R> processRowsAt;
    private final Function<Capture, List<R>> rows;

    private TableDef(Builder<R> b) {
        this.name = b.name;
        this.meaning = b.meaning;
        this.kind = b.kind;
        this.columns = Collections.unmodifiableList(new ArrayList<>(b.columns));
        this.rowsAt = b.rowsAt;
        this.processRowsAt = b.processRowsAt;
        this.rows = b.rows;
    }

    /** A state table's rows right after event {@code num}, computed from the versions valid there. */
    @FunctionalInterface
    public interface RowsAt<R> {
        List<R> rows(HistoryIndex index, long num);
    }

    /** A state table's rows of one process right after event {@code num}, read from that process's versions. */
    @FunctionalInterface
    public interface ProcessRowsAt<R> {
        List<R> rows(HistoryIndex index, long num, int pid);
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

    /** The rows of this state table right after event {@code num}; call under the capture's read lock. */
    public List<R> rowsAt(HistoryIndex index, long num) {
        if (rowsAt == null) {
            throw new IllegalStateException(name + " is not a state table");
        }
        return rowsAt.rows(index, num);
    }

    /**
     * The rows of process {@code pid} right after event {@code num}: from the process's own versions when
     * the table declares them (what keeps per-row time travel and {@code WHERE pid = ?} cheap), else the
     * rows at the point whose {@code pid} column matches.
     */
    public List<R> rowsOfProcessAt(HistoryIndex index, long num, long pid) {
        if (processRowsAt != null && pid >= Integer.MIN_VALUE && pid <= Integer.MAX_VALUE) {
            return processRowsAt.rows(index, num, (int) pid);
        }
        Column<R> pidColumn = columns.get(indexOf("pid"));
        List<R> out = new ArrayList<>();
        for (R r : rowsAt(index, num)) {
            if (pidColumn.valueOf(r) instanceof Number n && n.longValue() == pid) {
                out.add(r);
            }
        }
        return out;
    }

    /** All rows of this history or catalog table, read when a query scans it. */
    public List<R> rows(Capture capture) {
        if (rows == null) {
            throw new IllegalStateException(name + " has no rows of its own");
        }
        return rows.apply(capture);
    }

    /**
     * The BIGINT column of nanoseconds since the epoch that the TIMESTAMP column {@code column} is the time twin
     * of (declared with {@link Builder#timeOf}), or null when it is none.
     */
    public String nanosOf(String column) {
        int at = indexOf(column);
        return at < 0 ? null : columns.get(at).twinOf();
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
        private RowsAt<R> rowsAt;
        private ProcessRowsAt<R> processRowsAt;
        private Function<Capture, List<R>> rows;

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

        /**
         * A TIMESTAMP column holding the same instant as the BIGINT column {@code nanosColumn} (ns since the
         * epoch, declared before it): its time twin, whose nanoseconds a result shows ({@link #nanosOf}).
         */
        public Builder<R> timeOf(String column, String nanosColumn, String meaning) {
            Column<R> nanos = columns.stream().filter(c -> c.name().equals(nanosColumn) && c.type() == SqlType.BIGINT)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(
                            name + "." + column + ": no BIGINT column " + nanosColumn + " declared before it"));
            return add(new Column<>(column, SqlType.TIMESTAMP, meaning, nanos.accessor(), nanosColumn));
        }

        /** {@code X_ts}'s time twin by the tables' rule: {@code X_time}, "X_ts as a TIMESTAMP". */
        public Builder<R> timeOf(String nanosColumn) {
            if (!nanosColumn.endsWith("_ts")) {
                throw new IllegalArgumentException(name + "." + nanosColumn + ": the rule names the twins of X_ts only");
            }
            return timeOf(nanosColumn.substring(0, nanosColumn.length() - 3) + "_time", nanosColumn,
                    nanosColumn + " as a TIMESTAMP");
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

        /** How a state table's rows at a point are computed. */
        public Builder<R> rowsAt(RowsAt<R> at) {
            this.rowsAt = at;
            return this;
        }

        /** Where a state table's rows of one process come from, when it keeps a history per process. */
        public Builder<R> processRowsAt(ProcessRowsAt<R> at) {
            this.processRowsAt = at;
            return this;
        }

        /** How a history or catalog table's rows are read from the capture. */
        public Builder<R> rows(Function<Capture, List<R>> all) {
            this.rows = all;
            return this;
        }

        public TableDef<R> build() {
            return new TableDef<>(this);
        }
    }
}
