package io.sysql.sql;

import com.google.common.collect.ImmutableList;
import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.TableKind;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.TableFunction;
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

    /**
     * Binds the per-row snapshots of fleet tables before Calcite trims unused fields: a correlated
     * {@code AS OF EVT(e.num)} reads the capture of the row {@code e}, whose {@code capture} column the
     * trimming would drop from the correlation, as the period does not name it.
     */
    static RelNode bindFleetRowsBeforeTrimming(RelNode rel) {
        HepPlanner hep = new HepPlanner(HepProgram.builder().addRuleInstance(FLEET_PER_ROW).build());
        hep.setRoot(rel);
        return hep.findBestExp().accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof Correlate c) { // the rows' capture column is now needed too
                    ImmutableBitSet used = RelOptUtil.correlationColumns(c.getCorrelationId(), c.getRight());
                    if (!c.getRequiredColumns().contains(used)) {
                        return c.copy(c.getTraitSet(), c.getLeft(), c.getRight(), c.getCorrelationId(),
                                c.getRequiredColumns().union(used), c.getJoinType());
                    }
                }
                return visited;
            }
        });
    }

    private static final RelOptRule FLEET_PER_ROW = new FleetPerRowSnapshot();

    private static final class FleetPerRowSnapshot extends RelOptRule {
        FleetPerRowSnapshot() {
            super(operand(Snapshot.class, operand(TableScan.class, none())), "SysqlFleetPerRowSnapshot");
        }

        @Override
        public boolean matches(RelOptRuleCall call) {
            Snapshot snapshot = call.rel(0);
            TableScan scan = call.rel(1);
            return scan.getTable().unwrap(FleetTable.FleetStateTable.class) != null
                    && AsOfPoint.of(snapshot.getPeriod()) == null;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            TableScan scan = call.rel(1);
            call.transformTo(fleetPerRowScan(call.rel(0), scan,
                    scan.getTable().unwrap(FleetTable.FleetStateTable.class).def));
        }
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
            return scan.getTable().unwrap(TimeTravelTable.class) != null;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Snapshot snapshot = call.rel(0);
            TableScan scan = call.rel(1);
            TimeTravelTable table = scan.getTable().unwrap(TimeTravelTable.class);
            AsOfPoint point = AsOfPoint.of(snapshot.getPeriod());
            if (point != null) {
                call.transformTo(boundScan(scan, new BoundStateTable(table, point)));
            } else if (table instanceof FleetTable.FleetStateTable) {
                call.transformTo(fleetPerRowScan(snapshot, scan, table.def()));
            } else {
                call.transformTo(perRowScan(snapshot, scan, table.def(), StateAtFunction.of(table.def()).get(0),
                        List.of()));
            }
        }

        private static RelNode boundScan(TableScan scan, BoundStateTable bound) {
            List<String> name = new ArrayList<>(scan.getTable().getQualifiedName());
            name.set(name.size() - 1, bound.name());
            RelOptTable relOptTable = RelOptTableImpl.create(scan.getTable().getRelOptSchema(), scan.getRowType(),
                    bound, ImmutableList.copyOf(name));
            return LogicalTableScan.create(scan.getCluster(), relOptTable, List.of());
        }
    }

    /**
     * The table function {@code f} called with {@code leading} arguments then the event number of
     * {@code snapshot}'s period, in place of the snapshot of {@code scan}.
     */
    static RelNode perRowScan(Snapshot snapshot, TableScan scan, TableDef<?> def, TableFunction f,
            List<RexNode> leading) {
        RexNode num = eventNumber(snapshot, def);
        SqlUserDefinedTableFunction op = new SqlUserDefinedTableFunction(
                new SqlIdentifier(StateAtFunction.sqlName(def), SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                ReturnTypes.explicit(scan.getRowType()), null, null, f);
        List<RexNode> args = new ArrayList<>(leading);
        args.add(num);
        RexNode invocation = scan.getCluster().getRexBuilder().makeCall(scan.getRowType(), op, args);
        return LogicalTableFunctionScan.create(scan.getCluster(), List.of(), invocation, null,
                scan.getRowType(), null);
    }

    /**
     * Per-row time travel over a fleet: the state in the capture of the row the event number comes from
     * ({@code AS OF EVT(e.num)} where {@code e} has a {@code capture} column), or else in every capture at
     * that number ({@code AS OF (SELECT MIN(num) ...)}: a number, as {@code AS OF n} is, for each capture).
     */
    private static RelNode fleetPerRowScan(Snapshot snapshot, TableScan scan, TableDef<?> def) {
        RexNode num = eventNumber(snapshot, def);
        RexNode column = num;
        while (column.isA(SqlKind.CAST)) {
            column = ((RexCall) column).getOperands().get(0);
        }
        if (column instanceof RexFieldAccess access) {
            int capture = captureBeside(access, scan);
            if (capture >= 0) {
                RexNode rows = access.getReferenceExpr();
                RexNode ofRow = scan.getCluster().getRexBuilder().makeFieldAccess(rows, capture);
                return perRowScan(snapshot, scan, def, FleetStateAtFunction.ofCapture(def), List.of(ofRow));
            }
        }
        return perRowScan(snapshot, scan, def, FleetStateAtFunction.ofEach(def), List.of());
    }

    /**
     * The {@code capture} column of the fleet table whose row gives the event number {@code num}, in the
     * correlated row (the join's row: every table of the join, the snapshot's own last), or -1 when the
     * number comes from no fleet table's row (a derived table, a subquery's result).
     */
    private static int captureBeside(RexFieldAccess num, TableScan scan) {
        List<RelDataTypeField> fields = num.getReferenceExpr().getType().getFieldList();
        int at = num.getField().getIndex();
        RelDataTypeFactory types = scan.getCluster().getTypeFactory();
        for (TableDef<?> table : Tables.ALL) {
            List<String> names = FleetTable.of(table).getRowType(types).getFieldNames();
            int numColumn = names.indexOf(num.getField().getName().replaceAll("\\d+$", ""));
            int start = at - numColumn;
            if (numColumn < 0 || start + names.size() > fields.size()) {
                continue;
            }
            boolean block = true;
            for (int i = 0; i < names.size() && block; i++) {
                String name = fields.get(start + i).getName();
                block = name.equals(names.get(i)) || name.startsWith(names.get(i))
                        && name.substring(names.get(i).length()).matches("\\d+");
            }
            if (block) {
                return start + names.size() - 1;
            }
        }
        return -1;
    }

    /** The event number a per-row period names: {@code EVT(e.num)}. */
    static RexNode eventNumber(Snapshot snapshot, TableDef<?> def) {
        RexNode period = snapshot.getPeriod();
        if (!Evt.isCall(period)) {
            throw new SysqlQueryException("AS OF a column of another table needs an event number: write "
                    + "FOR SYSTEM_TIME AS OF EVT(e.num), or LATERAL TABLE(" + def.name() + "_at(e.num))");
        }
        RexNode num = ((RexCall) period).getOperands().get(0);
        requireEventNumber(num);
        return num;
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
