package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableAggregate;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableIntersect;
import org.apache.calcite.adapter.enumerable.EnumerableMinus;
import org.apache.calcite.adapter.enumerable.EnumerableNestedLoopJoin;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableSort;
import org.apache.calcite.adapter.enumerable.EnumerableUnion;
import org.apache.calcite.adapter.enumerable.EnumerableWindow;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.tools.Program;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the rows an operator keeps in memory until the query ends (a sort's input, a hash join's build
 * side, a nested-loop join's inner rows, a window's partition rows, the groups of an aggregate, the rows of
 * a set operation) against the query's share of the heap, {@link MemoryBudget#perQuery()}. The heap
 * budget alone stops every query once the heap is full, the small ones that did not fill it too; this
 * stops the one that holds the rows, early, with a message naming what held them. The size is an
 * estimate from the row type ({@link #bytesPerRow}); {@link #PROGRAM} puts this node after planning, so
 * it cannot change the plan chosen.
 */
public final class EnumerableHeldRows extends EnumerableRowsGuard {
    static final Program PROGRAM = (planner, rel, requiredOutputTraits, materializations, lattices) -> guard(rel);

    private final String holder;

    private EnumerableHeldRows(RelNode input, String holder) {
        super(input);
        this.holder = holder;
    }

    private static RelNode guard(RelNode rel) {
        List<RelNode> inputs = rel.getInputs();
        List<RelNode> guarded = new ArrayList<>(inputs.size());
        boolean changed = false;
        for (int i = 0; i < inputs.size(); i++) {
            RelNode input = inputs.get(i);
            RelNode g = guard(input);
            String holder = heldInput(rel, i);
            if (holder != null) {
                g = new EnumerableHeldRows(g, holder);
            }
            changed |= g != input;
            guarded.add(g);
        }
        RelNode node = changed ? rel.copy(rel.getTraitSet(), guarded) : rel;
        // An aggregate's groups (a distinct union's rows) are held as they are gathered; they are counted as
        // they leave, which still stops a query whose answer keeps growing.
        if (node instanceof EnumerableAggregate) {
            return new EnumerableHeldRows(node, "GROUP BY");
        }
        if (node instanceof EnumerableUnion u && !u.all) {
            return new EnumerableHeldRows(node, "UNION");
        }
        return node;
    }

    /** What holds every row of input {@code i} of {@code rel} in memory, or null when it streams it. */
    private static String heldInput(RelNode rel, int i) {
        if (rel instanceof EnumerableSort) {
            return "ORDER BY";
        }
        if (rel instanceof EnumerableWindow) {
            return "window (OVER)";
        }
        if ((rel instanceof EnumerableHashJoin || rel instanceof EnumerableNestedLoopJoin) && i == 1) {
            return "join";
        }
        if (rel instanceof EnumerableMinus || rel instanceof EnumerableIntersect) {
            return rel instanceof EnumerableMinus ? "EXCEPT" : "INTERSECT";
        }
        return null;
    }

    /**
     * A row's heap as Calcite's enumerable code holds it: an array of references (header and 4-byte
     * references) to boxed numbers and strings, plus the entry of the list or map that keeps it.
     */
    static long bytesPerRow(RelNode rel) {
        long bytes = 16 + 32;
        for (RelDataTypeField f : rel.getRowType().getFieldList()) {
            SqlTypeFamily family = f.getType().getSqlTypeName().getFamily();
            bytes += 4 + (family == SqlTypeFamily.NUMERIC || family == SqlTypeFamily.TIMESTAMP
                    || family == SqlTypeFamily.BOOLEAN || family == SqlTypeFamily.DATE ? 16 : 64);
        }
        return bytes;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new EnumerableHeldRows(sole(inputs), holder);
    }

    @Override
    Expression watch(Expression root, Expression rows) {
        return Expressions.call(EnumerableHeldRows.class, "counted", root, rows,
                Expressions.constant(bytesPerRow(this)), Expressions.constant(holder));
    }

    /**
     * {@code rows}, counted against the query's share of the heap as they are read. A holder enumerated
     * again (the inner side of a correlated query) holds one enumeration's rows at a time: its largest
     * counts, not their sum.
     */
    public static <T> Enumerable<T> counted(DataContext root, Enumerable<T> rows, long bytesPerRow, String holder) {
        HeldBytes query = HeldBytes.of(root);
        return new AbstractEnumerable<>() {
            private long largest;

            @Override
            public Enumerator<T> enumerator() {
                Enumerator<T> e = rows.enumerator();
                return new Enumerator<>() {
                    private long held;

                    @Override
                    public T current() {
                        return e.current();
                    }

                    @Override
                    public boolean moveNext() {
                        if (!e.moveNext()) {
                            return false;
                        }
                        held += bytesPerRow;
                        if (held > largest) {
                            query.add(held - largest, holder);
                            largest = held;
                        }
                        return true;
                    }

                    @Override
                    public void reset() {
                        e.reset();
                        held = 0;
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
