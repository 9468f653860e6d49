package io.sysql.sql;

import com.google.common.collect.ImmutableList;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Over a fleet, {@code COUNT(*)} of {@code events} grouped by head columns (type, failed, errno,
 * errno_name), host and capture, with filters the scans apply themselves, becomes a
 * {@link FleetEventCountsTable}, which counts in each capture's columns with an
 * {@link EventAggregateTable} (in parallel). One capture's aggregates are {@link EventAggregateRule}'s.
 */
final class EventCountsRule extends RelOptRule {
    static final EventCountsRule INSTANCE = new EventCountsRule();
    private static final int NUM = Tables.EVENTS.indexOf("num");

    private EventCountsRule() {
        super(operand(Aggregate.class, operand(EnumerableInterpreter.class,
                operand(Bindables.BindableTableScan.class, none()))),
                "SysqlEventCounts");
    }

    @Override
    public boolean matches(RelOptRuleCall call) {
        Aggregate aggregate = call.rel(0);
        Bindables.BindableTableScan scan = call.rel(2);
        FleetTable fleet = fleetEvents(scan);
        if (fleet == null || aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return false;
        }
        for (AggregateCall c : aggregate.getAggCallList()) {
            if (c.getAggregation().getKind() != SqlKind.COUNT || !c.getArgList().isEmpty() || c.isDistinct()
                    || c.filterArg >= 0) {
                return false;
            }
        }
        for (int column : groupColumns(aggregate, scan)) {
            boolean ofCapture = fleet != null && fleet.isHostOrCapture(column);
            if (!ofCapture && (column == NUM || column >= Tables.EVENTS.columns().size()
                    || !HeadColumns.SQL_COLUMNS.contains(Tables.EVENTS.columns().get(column).name()))) {
                return false;
            }
        }
        // Filters are applied while counting: each must be one the scan applies (literal values only), or over
        // a fleet one that chooses captures by host or capture.
        List<RexNode> unapplied = new ArrayList<>();
        for (RexNode filter : scan.filters) {
            for (RexNode conjunct : RelOptUtil.conjunctions(filter)) {
                if (!fleet.choosesCaptures(conjunct)) {
                    unapplied.add(conjunct);
                } else if (!FleetFilter.decidable(conjunct)) {
                    return false;
                }
            }
        }
        return EventScanSpec.from(unapplied, null).needsOnlyColumns() && unapplied.isEmpty();
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Aggregate aggregate = call.rel(0);
        Bindables.BindableTableScan scan = call.rel(2);
        int[] groups = groupColumns(aggregate, scan);
        int counts = aggregate.getAggCallList().size();
        FleetTable fleet = fleetEvents(scan);
        CountsTable table = new FleetEventCountsTable(fleet, groups, counts, scan.filters, aggregate.getRowType());
        List<String> name = new ArrayList<>(scan.getTable().getQualifiedName());
        name.set(name.size() - 1, table.name());
        RelOptTable relOptTable = RelOptTableImpl.create(scan.getTable().getRelOptSchema(), aggregate.getRowType(),
                table, ImmutableList.copyOf(name));
        call.transformTo(LogicalTableScan.create(scan.getCluster(), relOptTable, List.of()));
    }

    /** The fleet's events table {@code scan} reads, or null. */
    private static FleetTable fleetEvents(Bindables.BindableTableScan scan) {
        FleetTable fleet = scan.getTable().unwrap(FleetTable.class);
        return fleet != null && fleet.def == Tables.EVENTS ? fleet : null;
    }

    /** The events columns the aggregate groups by, in its order. */
    private static int[] groupColumns(Aggregate aggregate, Bindables.BindableTableScan scan) {
        return aggregate.getGroupSet().asList().stream()
                .mapToInt(scan.projects::get).toArray();
    }
}
