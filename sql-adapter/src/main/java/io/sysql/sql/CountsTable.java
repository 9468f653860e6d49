package io.sysql.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;

import java.util.List;

/**
 * Counts of events by group put in place of an aggregate ({@link EventCountsRule}, {@link EventAggregateRule}):
 * its rows are the aggregate's.
 */
abstract class CountsTable extends AbstractTable implements ScannableTable {
    private final RelDataType rowType;

    CountsTable(RelDataType rowType) {
        this.rowType = rowType;
    }

    /** The name the planner knows this scan by, distinct for each grouping and filter. */
    abstract String name();

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return rowType;
    }

    /** A handful of rows (one per group), so the planner prefers this to aggregating the events. */
    @Override
    public Statistic getStatistic() {
        return Statistics.of(10, List.of());
    }
}
