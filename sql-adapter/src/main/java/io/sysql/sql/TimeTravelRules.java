package io.sysql.sql;

import com.google.common.collect.ImmutableList;
import io.sysql.sql.schema.TableKind;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedTableFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Planner rules that make {@code FOR SYSTEM_TIME AS OF} executable: Calcite parses and validates it into
 * a {@code Snapshot} over the table's scan but cannot run that by itself.
 *
 * <ul>
 * <li>{@link #BIND}: {@code Snapshot(scan of a state table)} becomes a scan of a {@link BoundStateTable}
 * when the point is fixed (a number, a timestamp, a parameter). Its table name carries the point
 * ({@code fds AS OF 12345}): with the plain name the planner would take it for the plain scan and
 * silently answer with the current state. When the point depends on the rows of another table
 * ({@code AS OF EVT(e.num)}), it becomes the per-row table function ({@code fds_at(e.num)}).</li>
 * <li>{@link #THROUGH_INPUTS}: a Project that field trimming puts between the Snapshot and the scan, or the
 * statement of a view of state tables, gets the Snapshot moved below it so that {@link #BIND} sees the scans;
 * {@link #OF_CATALOG} drops it over a table that does not change.</li>
 * </ul>
 * Both run in {@link StateAtEachRowRules}' Hep pass, which then rewrites the per-row table functions, and
 * again in Volcano for the Snapshots that sub-query expansion brings out after that pass.
 */
final class TimeTravelRules {
    static final RelOptRule BIND = new BindSnapshot();
    static final RelOptRule THROUGH_INPUTS = new SnapshotThroughInputs();
    static final RelOptRule OF_CATALOG = new SnapshotOfCatalog();

    private TimeTravelRules() {
    }

    static void register(RelOptPlanner planner) {
        planner.addRule(BIND);
        planner.addRule(THROUGH_INPUTS);
        planner.addRule(OF_CATALOG);
    }

    private static final class BindSnapshot extends RelOptRule {
        BindSnapshot() {
            super(operand(Snapshot.class, operand(TableScan.class, none())), "SysqlBindSnapshot");
        }

        @Override
        public boolean matches(RelOptRuleCall call) {
            TableScan scan = call.rel(1);
            return scan.getTable().unwrap(StateTable.class) != null;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Snapshot snapshot = call.rel(0);
            TableScan scan = call.rel(1);
            StateTable table = scan.getTable().unwrap(StateTable.class);
            AsOfPoint point = AsOfPoint.of(snapshot.getPeriod());
            call.transformTo(point != null ? boundScan(scan, table, point) : perRowScan(snapshot, scan, table));
        }

        private static RelNode boundScan(TableScan scan, StateTable table, AsOfPoint point) {
            BoundStateTable bound = new BoundStateTable(table, point);
            List<String> name = new ArrayList<>(scan.getTable().getQualifiedName());
            name.set(name.size() - 1, bound.name());
            RelOptTable relOptTable = RelOptTableImpl.create(scan.getTable().getRelOptSchema(), scan.getRowType(),
                    bound, ImmutableList.copyOf(name));
            return LogicalTableScan.create(scan.getCluster(), relOptTable, List.of());
        }

        private static RelNode perRowScan(Snapshot snapshot, TableScan scan, StateTable table) {
            RexNode period = snapshot.getPeriod();
            if (!Evt.isCall(period)) {
                throw new SysqlQueryException("AS OF a column of another table needs an event number: write "
                        + "FOR SYSTEM_TIME AS OF EVT(e.num), or LATERAL TABLE(" + table.def().name() + "_at(e.num))");
            }
            RexNode num = ((RexCall) period).getOperands().get(0);
            requireEventNumber(num);
            StateAtFunction f = StateAtFunction.of(table.def()).get(0);
            SqlUserDefinedTableFunction op = new SqlUserDefinedTableFunction(
                    new SqlIdentifier(f.sqlName(), SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                    ReturnTypes.explicit(scan.getRowType()), null, null, f);
            RexNode invocation = scan.getCluster().getRexBuilder().makeCall(scan.getRowType(), op, List.of(num));
            return LogicalTableFunctionScan.create(scan.getCluster(), List.of(), invocation, null,
                    scan.getRowType(), null);
        }
    }

    /**
     * EVT takes any value Calcite can cast to a number: a timestamp would be read as milliseconds, a
     * string as digits. Only numbers are event numbers.
     */
    private static void requireEventNumber(RexNode num) {
        RexNode value = num;
        while (value.isA(SqlKind.CAST) || value.isA(SqlKind.REINTERPRET)) {
            value = ((RexCall) value).getOperands().get(0);
        }
        SqlTypeName type = value.getType().getSqlTypeName();
        if (SqlTypeName.DATETIME_TYPES.contains(type)) {
            throw new SysqlQueryException("AS OF needs an event number, got a " + type + ": select num (AS OF "
                    + "(SELECT MIN(num) FROM events WHERE event_time >= TIMESTAMP '...')); a fixed instant is "
                    + "AS OF TIMESTAMP '...'");
        }
        if (!SqlTypeName.INT_TYPES.contains(type) && type != SqlTypeName.NULL) {
            throw new SysqlQueryException("AS OF needs an event number, got a " + type + " value");
        }
    }

    /**
     * Moves a Snapshot below the node under it onto each of that node's inputs: the point applies to every
     * state table the node reads. Field trimming puts a Project between a Snapshot and its scan, and a view of
     * state tables ({@link ChiselView}) puts its whole statement there.
     */
    private static final class SnapshotThroughInputs extends RelOptRule {
        SnapshotThroughInputs() {
            super(operand(Snapshot.class, operand(RelNode.class, any())), "SysqlSnapshotThroughInputs");
        }

        @Override
        public boolean matches(RelOptRuleCall call) {
            RelNode below = call.rel(1);
            return !(below instanceof TableScan) && !(below instanceof Snapshot) && !below.getInputs().isEmpty();
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Snapshot snapshot = call.rel(0);
            RelNode below = call.rel(1);
            List<RelNode> inputs = new ArrayList<>();
            for (RelNode input : below.getInputs()) {
                inputs.add(snapshot.copy(snapshot.getTraitSet(), input, snapshot.getPeriod()));
            }
            call.transformTo(below.copy(below.getTraitSet(), inputs));
        }
    }

    /** A table that does not change over the capture (users, groups, capture) is the same at every point. */
    private static final class SnapshotOfCatalog extends RelOptRule {
        SnapshotOfCatalog() {
            super(operand(Snapshot.class, operand(TableScan.class, none())), "SysqlSnapshotOfCatalog");
        }

        @Override
        public boolean matches(RelOptRuleCall call) {
            TableScan scan = call.rel(1);
            RowsTable<?> table = scan.getTable().unwrap(RowsTable.class);
            return table != null && table.kind() == TableKind.CATALOG;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            call.transformTo(call.rel(1));
        }
    }
}
