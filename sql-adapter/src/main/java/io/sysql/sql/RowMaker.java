package io.sysql.sql;

import io.sysql.sql.schema.Column;
import io.sysql.sql.schema.TableDef;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns row objects into Calcite rows of the projected columns, in Calcite's value representation. */
final class RowMaker<R> {
    private final List<Column<R>> columns;
    private final int[] projection;
    private final SqlTime time;

    RowMaker(TableDef<R> table, int[] projection, SqlTime time) {
        this.columns = table.columns();
        this.projection = projection != null ? projection : identity(columns.size());
        this.time = time;
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /** True when every projected column is one of {@code names}. */
    boolean projectsOnly(Set<String> names) {
        for (int i : projection) {
            if (!names.contains(columns.get(i).name())) {
                return false;
            }
        }
        return true;
    }

    /** The names of the projected columns. */
    List<String> projectedNames() {
        List<String> out = new ArrayList<>(projection.length);
        for (int i : projection) {
            out.add(columns.get(i).name());
        }
        return out;
    }

    /** True when the column {@code name} is projected. */
    boolean projects(String name) {
        for (int i : projection) {
            if (columns.get(i).name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    Object[] row(R r) {
        Object[] out = new Object[projection.length];
        fill(r, out, 0);
        return out;
    }

    /** Writes the projected values of {@code r} into {@code out} from {@code offset} (a joined row's tail). */
    void fill(R r, Object[] out, int offset) {
        for (int i = 0; i < projection.length; i++) {
            Column<R> c = columns.get(projection[i]);
            out[offset + i] = sqlValue(c, c.valueOf(r));
        }
    }

    private Object sqlValue(Column<R> c, Object v) {
        if (v == null) {
            return null;
        }
        return switch (c.type()) {
            case BIGINT -> ((Number) v).longValue();
            case INTEGER -> ((Number) v).intValue();
            case TIMESTAMP -> time.toSqlTimestamp(((Number) v).longValue());
            case VARCHAR, BOOLEAN -> v;
        };
    }
}
