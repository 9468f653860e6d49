package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * An operator put into a plan after the optimiser to watch the rows of its input go by, changing none:
 * it costs nothing, so it could not change the plan chosen even if a planner saw it.
 */
abstract class EnumerableRowsGuard extends SingleRel implements EnumerableRel {
    EnumerableRowsGuard(RelNode input) {
        super(input.getCluster(), input.getTraitSet(), input);
    }

    /** The enumerable that watches {@code rows}, given the query's data context {@code root}. */
    abstract Expression watch(Expression root, Expression rows);

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        return planner.getCostFactory().makeZeroCost();
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        BlockBuilder builder = new BlockBuilder();
        Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
        Expression rows = builder.append("rows", input.block);
        builder.add(Expressions.return_(null, watch(DataContext.ROOT, rows)));
        return implementor.result(input.physType, builder.toBlock());
    }
}
