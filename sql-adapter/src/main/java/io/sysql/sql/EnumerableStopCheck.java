package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.tools.Program;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the statement's cancel flag and timeout ({@link Interruption}) on the rows an operator produces.
 * sysql's own scans check them, but a query may spend its time elsewhere: a recursive query over no table
 * at all, a join of VALUES. {@link #PROGRAM} puts this node, after planning, above every operator that
 * makes rows rather than passing on its one input's: leaves (each iteration of a recursive query reads
 * its work table through one) and operators of two or more inputs (joins, unions, recursion). So every
 * query stops once cancelled or out of time, whatever it reads.
 */
public final class EnumerableStopCheck extends EnumerableRowsGuard {
    /** Runs after the optimiser: the checks cost nothing in planning and cannot change the plan chosen. */
    static final Program PROGRAM = (planner, rel, requiredOutputTraits, materializations, lattices) -> guard(rel);

    private EnumerableStopCheck(RelNode input) {
        super(input);
    }

    private static RelNode guard(RelNode rel) {
        List<RelNode> inputs = rel.getInputs();
        List<RelNode> guarded = new ArrayList<>(inputs.size());
        boolean changed = false;
        for (RelNode input : inputs) {
            RelNode g = guard(input);
            changed |= g != input;
            guarded.add(g);
        }
        RelNode node = changed ? rel.copy(rel.getTraitSet(), guarded) : rel;
        return node instanceof EnumerableRel && inputs.size() != 1 ? new EnumerableStopCheck(node) : node;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new EnumerableStopCheck(sole(inputs));
    }

    @Override
    Expression watch(Expression root, Expression rows) {
        return Expressions.call(EnumerableStopCheck.class, "checked", root, rows);
    }

    /**
     * {@code rows}, checking for a stop as they are read. One {@link Interruption} for all their
     * enumerations: a recursive query reads a one-row work table thousands of times.
     */
    public static <T> Enumerable<T> checked(DataContext root, Enumerable<T> rows) {
        Interruption interruption = new Interruption(root);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<T> enumerator() {
                interruption.check();
                Enumerator<T> e = rows.enumerator();
                return new Enumerator<>() {
                    @Override
                    public T current() {
                        return e.current();
                    }

                    @Override
                    public boolean moveNext() {
                        interruption.check();
                        return e.moveNext();
                    }

                    @Override
                    public void reset() {
                        e.reset();
                    }

                    @Override
                    public void close() {
                        e.close();
                    }
                };
            }
        };
    }
}
