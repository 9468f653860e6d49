package io.sysql.sql;

import com.google.common.collect.ImmutableList;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rex.RexNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code COUNT(*)} and {@code SUM(res)} of {@code events} grouped by columns the capture's columns hold
 * (see {@link EventAggregateTable#GROUP_COLUMNS}), with filters the scan applies itself, becomes a scan
 * of an {@link EventAggregateTable}, which aggregates over the columns: no row per event goes through
 * Calcite's aggregate.
 */
final class EventAggregateRule extends RelOptRule {
    static final EventAggregateRule INSTANCE = new EventAggregateRule();

    private EventAggregateRule() {
        super(operand(Aggregate.class, operand(EnumerableInterpreter.class,
                operand(Bindables.BindableTableScan.class, none()))),
                "SysqlEventAggregate");
    }

    @Override
    public boolean matches(RelOptRuleCall call) {
        Aggregate aggregate = call.rel(0);
        Bindables.BindableTableScan scan = call.rel(2);
        if (scan.getTable().unwrap(EventsTable.class) == null || aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return false;
        }
        for (AggregateCall c : aggregate.getAggCallList()) {
            if (EventAggregateTable.measureOf(c, scan.projects) == null || c.isDistinct() || c.filterArg >= 0) {
                return false;
            }
        }
        List<String> groupNames = new ArrayList<>();
        for (int column : groupColumns(aggregate, scan)) {
            groupNames.add(Tables.EVENTS.columns().get(column).name());
        }
        if (!EventAggregateTable.canGroupBy(groupNames)) {
            return false;
        }
        // Filters are applied while aggregating: each must be one the scan applies (literal values only).
        List<RexNode> unapplied = new ArrayList<>(scan.filters);
        return EventScanSpec.from(unapplied, null).needsOnlyColumns() && unapplied.isEmpty();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Aggregate aggregate = call.rel(0);
        Bindables.BindableTableScan scan = call.rel(2);
        List<EventAggregateTable.Measure> measures = new ArrayList<>();
        for (AggregateCall c : aggregate.getAggCallList()) {
            measures.add(EventAggregateTable.measureOf(c, scan.projects));
        }
        EventAggregateTable table = new EventAggregateTable(groupColumns(aggregate, scan), measures, scan.filters,
                aggregate.getRowType());
        List<String> name = new ArrayList<>(scan.getTable().getQualifiedName());
        name.set(name.size() - 1, table.name());
        RelOptTable relTable = RelOptTableImpl.create(scan.getTable().getRelOptSchema(), aggregate.getRowType(), table,
                ImmutableList.copyOf(name));
        call.transformTo(LogicalTableScan.create(scan.getCluster(), relTable, List.of()));
    }

    /** The events columns the aggregate groups by, in its order. */
    private static int[] groupColumns(Aggregate aggregate, Bindables.BindableTableScan scan) {
        return aggregate.getGroupSet().asList().stream()
                .mapToInt(scan.projects::get).toArray();
    }
}
