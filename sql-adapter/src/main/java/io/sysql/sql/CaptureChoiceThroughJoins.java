package io.sysql.sql;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.rules.FilterJoinRule;
import org.apache.calcite.rel.rules.FilterProjectTransposeRule;
import org.apache.calcite.rel.rules.JoinPushTransitivePredicatesRule;
import org.apache.calcite.rex.RexUtil.SubQueryFinder;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

import java.util.List;

/**
 * A condition on one side of a join made a condition on the other side too where the join's equalities
 * carry it, so that each side's fleet scan decides which captures it reads: in {@code fds f JOIN processes p
 * ON f.upid = p.upid AND f.capture = p.capture WHERE f.capture = 'a'} (the chisels' lsof), {@code processes}
 * then opens only a, and an {@code AS OF n} past the end of another capture is no error. A Hep pass before
 * Volcano, whose rule set has no transitive inference. Operators holding a sub-query are left as they are: a
 * sub-query reads its operator's row by position.
 */
final class CaptureChoiceThroughJoins {
    private static final RelOptRule FILTER_THROUGH_PROJECT = FilterProjectTransposeRule.Config.DEFAULT
            .withOperandFor(Filter.class, f -> !SubQueryFinder.containsSubQuery(f), Project.class,
                    p -> !SubQueryFinder.containsSubQuery(p))
            .toRule();
    private static final RelOptRule FILTER_INTO_JOIN = FilterJoinRule.FilterIntoJoinRule.FilterIntoJoinRuleConfig.DEFAULT
            .withOperandSupplier(b0 -> b0.operand(Filter.class).predicate(f -> !SubQueryFinder.containsSubQuery(f))
                    .oneInput(b1 -> b1.operand(Join.class).predicate(j -> !SubQueryFinder.containsSubQuery(j)).anyInputs()))
            .as(FilterJoinRule.FilterIntoJoinRule.FilterIntoJoinRuleConfig.class)
            .toRule();
    private static final RelOptRule TRANSITIVE = JoinPushTransitivePredicatesRule.Config.DEFAULT
            .withOperandFor(Join.class)
            .toRule();

    static final Program PROGRAM = Programs.of(new HepProgramBuilder()
            .addRuleCollection(List.of(FILTER_THROUGH_PROJECT, FILTER_INTO_JOIN, TRANSITIVE))
            .build(), true, DefaultRelMetadataProvider.INSTANCE);

    private CaptureChoiceThroughJoins() {
    }
}
