package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlKind;

import java.util.ArrayList;
import java.util.List;

/**
 * A state table ({@code processes}, {@code threads}, {@code fds}, {@code connections}, {@code ancestors}):
 * without AS OF it shows the end of the capture; {@code FOR SYSTEM_TIME AS OF} makes the planner replace
 * it with a {@link BoundStateTable} (see {@link TimeTravelRules}). Applies {@code pid = x} and
 * {@code upid = x} itself.
 */
final class StateTable extends AbstractTable implements ProjectableFilterableTable, TimeTravelTable {
    private final TableDef<?> def;
    private final int pidColumn;
    private final int upidColumn;

    StateTable(TableDef<?> def) {
        this.def = def;
        this.pidColumn = def.indexOf("pid");
        this.upidColumn = def.indexOf("upid");
    }

    @Override
    public TableDef<?> def() {
        return def;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return RowTypes.of(def, typeFactory);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        SysqlSchema schema = SysqlSchema.of(root);
        return scanAt(root, schema.endOf(root), filters, projects);
    }

    @Override
    public Enumerable<Object[]> scanAsOf(DataContext root, AsOfPoint point, List<RexNode> filters, int[] projects) {
        return scanAt(root, point.resolve(root, SysqlSchema.of(root)), filters, projects);
    }

    /** The rows right after event {@code num}, filtered and projected. */
    Enumerable<Object[]> scanAt(DataContext root, long num, List<RexNode> filters, int[] projects) {
        return rowsAt(root, num, filters, projects, def);
    }

    /** The rows of one process right after event {@code num} (per-row time travel with a pid). */
    Enumerable<Object[]> scanAt(DataContext root, long num, long pid) {
        return rowsAt(root, num, List.of(), null, def, pid);
    }

    private <R> Enumerable<Object[]> rowsAt(DataContext root, long num, List<RexNode> filters, int[] projects,
            TableDef<R> table) {
        return rowsAt(root, num, filters, projects, table, null);
    }

    private <R> Enumerable<Object[]> rowsAt(DataContext root, long num, List<RexNode> filters, int[] projects,
            TableDef<R> table, Long pid) {
        Long[] wanted = {pid, null};
        PushedFilters.offer(filters, root, c -> {
            int slot = c.column() == pidColumn ? 0 : c.column() == upidColumn ? 1 : -1;
            if (slot < 0 || c.op() != SqlKind.EQUALS || c.longValue() == null) {
                return false;
            }
            if (wanted[slot] != null && !wanted[slot].equals(c.longValue())) {
                wanted[slot] = Long.MIN_VALUE; // pid = 1 AND pid = 2: nothing matches
            } else {
                wanted[slot] = c.longValue();
            }
            return true;
        });
        RowMaker<R> maker = new RowMaker<>(table, projects, SqlTime.of(root));
        List<Object[]> out = new ArrayList<>();
        for (R r : rowsOf(SysqlSchema.of(root), table, num, wanted[0])) {
            if (matches(table, r, upidColumn, wanted[1])) {
                out.add(maker.row(r));
            }
        }
        return Linq4j.asEnumerable(out);
    }

    /** The row objects right after event {@code num}, of process {@code pid} only when it is not null. */
    <R> List<R> rowsOf(SysqlSchema schema, TableDef<R> table, long num, Long pid) {
        return schema.capture().read(i -> pid == null ? table.rowsAt(i, num) : table.rowsOfProcessAt(i, num, pid));
    }

    private static <R> boolean matches(TableDef<R> table, R row, int column, Long wanted) {
        if (wanted == null) {
            return true;
        }
        Object v = table.columns().get(column).valueOf(row);
        return v instanceof Number n && n.longValue() == wanted;
    }
}
