package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.util.ImmutableIntList;

import java.util.List;

/** {@link StateAtEachRow} run by {@link StateAtEachRowJoin} over the input's rows. */
final class EnumerableStateAtEachRow extends StateAtEachRow implements EnumerableRel {
    /** Volcano's rule from the logical operator to this one. */
    static final ConverterRule RULE = ConverterRule.Config.INSTANCE
            .withConversion(StateAtEachRow.class, Convention.NONE, EnumerableConvention.INSTANCE,
                    "SysqlEnumerableStateAtEachRow")
            .withRuleFactory(Converter::new)
            .toRule(ConverterRule.class);

    private EnumerableStateAtEachRow(StateAtEachRow logical, RelTraitSet traits, RelNode input) {
        super(logical.getCluster(), traits, input, logical.table, logical.num, logical.pid, logical.joinType,
                logical.columns);
    }

    @Override
    StateAtEachRow copy(RelTraitSet traits, RelNode input, int pid, ImmutableIntList columns) {
        return new EnumerableStateAtEachRow(super.copy(traits, input, pid, columns), traits, input);
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = mq.getRowCount(this);
        return planner.getCostFactory().makeCost(rows, rows, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        BlockBuilder builder = new BlockBuilder();
        Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
        Expression inputRows = input.physType.convertTo(builder.append("input", input.block), JavaRowFormat.ARRAY);
        List<Expression> columnConstants = columns.stream().map(c -> (Expression) Expressions.constant(c)).toList();
        Expression rows = Expressions.call(StateAtEachRowJoin.class, "join", DataContext.ROOT, inputRows,
                Expressions.constant(table.name()), Expressions.constant(num), Expressions.constant(pid),
                Expressions.constant(joinType == JoinRelType.LEFT),
                Expressions.newArrayInit(int.class, columnConstants));
        builder.add(Expressions.return_(null, rows));
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY, false);
        return implementor.result(physType, builder.toBlock());
    }

    private static final class Converter extends ConverterRule {
        Converter(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            StateAtEachRow logical = (StateAtEachRow) rel;
            RelTraitSet traits = logical.getTraitSet().replace(EnumerableConvention.INSTANCE);
            RelNode input = convert(logical.getInput(),
                    logical.getInput().getTraitSet().replace(EnumerableConvention.INSTANCE));
            return new EnumerableStateAtEachRow(logical, traits, input);
        }
    }
}
