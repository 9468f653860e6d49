package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;

import java.util.ArrayList;
import java.util.List;

/**
 * A state table bound to one point by AS OF; the point is resolved each time the query runs. (Scannable
 * too because Calcite only builds a table reference for scannable tables.)
 */
final class BoundStateTable extends AbstractTable implements ProjectableFilterableTable, ScannableTable {
    private final TimeTravelTable table;
    private final AsOfPoint point;

    BoundStateTable(TimeTravelTable table, AsOfPoint point) {
        this.table = table;
        this.point = point;
    }

    /** The name the planner knows this scan by: never the plain table's, or it would merge the two. */
    String name() {
        return table.def().name() + " AS OF " + point.describe();
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return table.getRowType(typeFactory);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        return scan(root, new ArrayList<>(), null);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        return table.scanAsOf(root, point, filters, projects);
    }
}
