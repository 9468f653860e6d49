package io.sysql.sql;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.FilterProjectTransposeRule;
import org.apache.calcite.rel.rules.ProjectMergeRule;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexUtil.SubQueryFinder;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.validate.SqlUserDefinedTableFunction;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.ImmutableIntList;

import java.util.ArrayList;
import java.util.List;

/**
 * The rewrite into {@link StateAtEachRow}, run as a Hep pass before Volcano (where two equally costed
 * table-function scans and the Project that field trimming inserts defeated rule-by-rule rewriting):
 *
 * <ol>
 * <li>{@link TimeTravelRules}: {@code Snapshot}s become bound scans or per-row table functions;</li>
 * <li>{@link #FROM_CORRELATE}: a correlate of any input with Filters and Projects over
 * {@code fds_at($cor.num[, $cor.pid])} becomes those Filters and Projects over a {@link StateAtEachRow},
 * the correlation variable's fields becoming the input's columns;</li>
 * <li>{@link #PID_FROM_FILTER}: {@code f.pid = e.pid} above it (pushed through Projects, which are merged,
 * first) becomes its
 * pid column, so it reads one process's history instead of the whole table at each row;</li>
 * <li>{@link #NARROW}, {@link #NARROW_UNDER_AGGREGATE}: it makes only the state columns used above it
 * (none for {@code count(*)}).</li>
 * </ol>
 */
final class StateAtEachRowRules {
    static final RelOptRule FROM_CORRELATE = new FromCorrelate();
    static final RelOptRule PID_FROM_FILTER = new PidFromFilter();
    static final RelOptRule NARROW = new Narrow();
    static final RelOptRule NARROW_UNDER_AGGREGATE = new NarrowUnderAggregate();
    private static final RelOptRule FILTER_THROUGH_PROJECT = FilterProjectTransposeRule.Config.DEFAULT
            .withOperandFor(Filter.class, f -> !SubQueryFinder.containsSubQuery(f), Project.class,
                    p -> p.getInput().stripped() instanceof StateAtEachRow && !SubQueryFinder.containsSubQuery(p))
            .toRule();
    private static final RelOptRule PROJECTS_MERGE = ProjectMergeRule.Config.DEFAULT
            .withOperandSupplier(b0 -> b0.operand(Project.class).predicate(p -> !SubQueryFinder.containsSubQuery(p))
                    .oneInput(b1 -> b1.operand(Project.class).predicate(p -> !SubQueryFinder.containsSubQuery(p))
                            .oneInput(b2 -> b2.operand(StateAtEachRow.class).anyInputs())))
            .as(ProjectMergeRule.Config.class)
            .toRule();

    /** The Hep pass, as the first step of the statement's optimisation program. */
    static final Program PROGRAM = Programs.of(hepProgram(), true, DefaultRelMetadataProvider.INSTANCE);

    private StateAtEachRowRules() {
    }

    private static HepProgram hepProgram() {
        return new HepProgramBuilder()
                .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                .addRuleCollection(List.of(TimeTravelRules.THROUGH_INPUTS, TimeTravelRules.OF_CATALOG, TimeTravelRules.BIND))
                .addRuleInstance(FROM_CORRELATE)
                .addRuleCollection(List.of(FILTER_THROUGH_PROJECT, PROJECTS_MERGE, CoreRules.FILTER_MERGE, PID_FROM_FILTER, NARROW,
                        NARROW_UNDER_AGGREGATE))
                .build();
    }

    private static final class FromCorrelate extends RelOptRule {
        FromCorrelate() {
            super(operand(Correlate.class, any()), "SysqlStateAtEachRowFromCorrelate");
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Correlate correlate = call.rel(0);
            List<RelNode> layers = new ArrayList<>();
            RelNode r = correlate.getRight().stripped();
            // A sub-query reads the row of the operator it is in by position: moved above the join, it would
            // read the wrong columns.
            while (r instanceof Filter f && !SubQueryFinder.containsSubQuery(f)
                    || r instanceof Project p && !SubQueryFinder.containsSubQuery(p)) {
                layers.add(r);
                r = r.getInput(0).stripped();
            }
            JoinRelType joinType = correlate.getJoinType();
            // Filters and Projects of the right side may run after the join only when nothing pads it.
            boolean joinable = joinType == JoinRelType.INNER || joinType == JoinRelType.LEFT && layers.isEmpty();
            if (!joinable || !(r instanceof TableFunctionScan scan) || !scan.getInputs().isEmpty()
                    || !(scan.getCall() instanceof RexCall invocation)
                    || !(invocation.getOperator() instanceof SqlUserDefinedTableFunction op)) {
                return;
            }
            if (!(op.getFunction() instanceof StateAtFunction state)) {
                return;
            }
            Decorrelator d = new Decorrelator(correlate.getCorrelationId(), correlate.getLeft().getRowType().getFieldCount());
            List<RexNode> args = invocation.getOperands();
            int num = d.column(args.get(0));
            int pid = args.size() > 1 ? d.column(args.get(1)) : -1;
            if (num < 0 || args.size() > 1 && pid < 0) {
                return;
            }
            RelBuilder b = call.builder().push(StateAtEachRow.create(correlate.getLeft(), state.table(), num, pid, joinType));
            for (int i = layers.size() - 1; i >= 0; i--) {
                if (layers.get(i) instanceof Filter f) {
                    b.filter(d.translate(f.getCondition()));
                } else {
                    List<RexNode> exprs = new ArrayList<>(b.fields().subList(0, d.leftCount));
                    for (RexNode e : ((Project) layers.get(i)).getProjects()) {
                        exprs.add(d.translate(e));
                    }
                    b.project(exprs);
                }
            }
            RelNode joined = b.build();
            if (!d.failed && !RelOptUtil.getVariablesUsed(joined).contains(correlate.getCorrelationId())) {
                call.transformTo(RelOptUtil.createCastRel(joined, correlate.getRowType(), true));
            }
        }
    }

    /** Rewrites expressions of the right side of a correlate into expressions over the joined row. */
    private static final class Decorrelator extends RexShuttle {
        private final CorrelationId id;
        private final int leftCount;
        private boolean failed;

        Decorrelator(CorrelationId id, int leftCount) {
            this.id = id;
            this.leftCount = leftCount;
        }

        RexNode translate(RexNode e) {
            return RexUtil.shift(e, leftCount).accept(this);
        }

        /** The input column that {@code arg} (a field of the correlation variable, maybe cast) reads, or -1. */
        int column(RexNode arg) {
            RexNode e = arg;
            while (e.getKind() == SqlKind.CAST) {
                e = ((RexCall) e).getOperands().get(0);
            }
            return e instanceof RexFieldAccess fa && fa.getReferenceExpr() instanceof RexCorrelVariable v
                    && v.id.equals(id) ? fa.getField().getIndex() : -1;
        }

        @Override
        public RexNode visitFieldAccess(RexFieldAccess fieldAccess) {
            if (fieldAccess.getReferenceExpr() instanceof RexCorrelVariable v && v.id.equals(id)) {
                return new RexInputRef(fieldAccess.getField().getIndex(), fieldAccess.getType());
            }
            return super.visitFieldAccess(fieldAccess);
        }

        @Override
        public RexNode visitCorrelVariable(RexCorrelVariable variable) {
            failed |= variable.id.equals(id);
            return variable;
        }
    }

    private static final class PidFromFilter extends RelOptRule {
        PidFromFilter() {
            super(operand(Filter.class, operand(StateAtEachRow.class, any())), "SysqlStateAtEachRowPidFromFilter");
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Filter filter = call.rel(0);
            StateAtEachRow node = call.rel(1);
            int pidOutput = node.pidOutput();
            if (node.pid >= 0 || node.joinType != JoinRelType.INNER || pidOutput < 0) {
                return;
            }
            List<RexNode> rest = new ArrayList<>();
            int pid = -1;
            for (RexNode c : RelOptUtil.conjunctions(filter.getCondition())) {
                int other = pid < 0 ? equatedWith(c, pidOutput, node.leftCount()) : -1;
                if (other >= 0) {
                    pid = other;
                } else {
                    rest.add(c);
                }
            }
            if (pid < 0) {
                return;
            }
            RelNode narrowed = node.copy(node.getTraitSet(), node.getInput(), pid, node.columns);
            RexNode condition = RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), rest);
            // A copy keeps the filter's correlation variables (for its sub-queries); the row is unchanged.
            call.transformTo(rest.isEmpty() ? narrowed : filter.copy(filter.getTraitSet(), narrowed, condition));
        }

        /** The input column that {@code c} equates with output {@code column}, both of one type, or -1. */
        private static int equatedWith(RexNode c, int column, int leftCount) {
            if (c.getKind() != SqlKind.EQUALS) {
                return -1;
            }
            List<RexNode> ops = ((RexCall) c).getOperands();
            if (!(ops.get(0) instanceof RexInputRef a) || !(ops.get(1) instanceof RexInputRef b)
                    || !a.getType().equals(b.getType())) {
                return -1;
            }
            if (a.getIndex() == column && b.getIndex() < leftCount) {
                return b.getIndex();
            }
            return b.getIndex() == column && a.getIndex() < leftCount ? a.getIndex() : -1;
        }
    }

    /** A Project above the operator: drops the state columns it does not use. */
    private static final class Narrow extends RelOptRule {
        Narrow() {
            super(operandJ(Project.class, null, p -> !SubQueryFinder.containsSubQuery(p),
                    operand(StateAtEachRow.class, any())), "SysqlStateAtEachRowNarrow");
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Project project = call.rel(0);
            StateAtEachRow node = call.rel(1);
            Narrowed n = Narrowed.of(node, RelOptUtil.InputFinder.bits(project.getProjects(), null));
            if (n != null) {
                List<RexNode> exprs = project.getProjects().stream().map(e -> e.accept(n.remap)).toList();
                call.transformTo(project.copy(project.getTraitSet(), n.node, exprs, project.getRowType()));
            }
        }
    }

    /**
     * An Aggregate right above the operator ({@code count(*)}): a Project in between with the unused state
     * columns as nulls, which {@link Narrow} then drops from the operator.
     */
    private static final class NarrowUnderAggregate extends RelOptRule {
        NarrowUnderAggregate() {
            super(operand(Aggregate.class, operand(StateAtEachRow.class, any())), "SysqlStateAtEachRowUnderAggregate");
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Aggregate aggregate = call.rel(0);
            StateAtEachRow node = call.rel(1);
            ImmutableBitSet.Builder used = aggregate.getGroupSet().rebuild();
            for (AggregateCall c : aggregate.getAggCallList()) {
                used.addAll(c.getArgList());
                if (c.filterArg >= 0) {
                    used.set(c.filterArg);
                }
                c.collation.getFieldCollations().forEach(f -> used.set(f.getFieldIndex()));
            }
            Narrowed n = Narrowed.of(node, used.build());
            if (n == null) {
                return;
            }
            RexBuilder rex = node.getCluster().getRexBuilder();
            List<RexNode> exprs = new ArrayList<>();
            for (RelDataTypeField f : node.getRowType().getFieldList()) {
                exprs.add(n.kept(f.getIndex()) ? n.remap.visitInputRef(new RexInputRef(f.getIndex(), f.getType()))
                        : rex.makeNullLiteral(f.getType()));
            }
            RelNode project = call.builder().push(n.node).project(exprs, node.getRowType().getFieldNames(), true).build();
            call.transformTo(aggregate.copy(aggregate.getTraitSet(), List.of(project)));
        }
    }

    /** The operator with only the state columns in {@code used}, and where the used columns went. */
    private static final class Narrowed {
        final StateAtEachRow node;
        final int[] newPosition;
        final RexShuttle remap = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(newPosition[ref.getIndex()], ref.getType());
            }
        };

        private Narrowed(StateAtEachRow node, int[] newPosition) {
            this.node = node;
            this.newPosition = newPosition;
        }

        boolean kept(int column) {
            return newPosition[column] >= 0;
        }

        /** Null when every state column is used. */
        static Narrowed of(StateAtEachRow node, ImmutableBitSet used) {
            int leftCount = node.leftCount();
            List<Integer> kept = new ArrayList<>();
            int[] newPosition = new int[leftCount + node.columns.size()];
            for (int i = 0; i < leftCount; i++) {
                newPosition[i] = i;
            }
            for (int i = 0; i < node.columns.size(); i++) {
                newPosition[leftCount + i] = used.get(leftCount + i) ? leftCount + kept.size() : -1;
                if (used.get(leftCount + i)) {
                    kept.add(node.columns.get(i));
                }
            }
            if (kept.size() == node.columns.size()) {
                return null;
            }
            return new Narrowed(node.copy(node.getTraitSet(), node.getInput(), node.pid, ImmutableIntList.copyOf(kept)),
                    newPosition);
        }
    }
}
