package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Offers the filters Calcite pushed into a scan, conjunct by conjunct, to a table that applies the
 * comparisons it understands. A filter whose every conjunct was applied is removed from the list (Calcite
 * then does not apply it again); the others stay and Calcite applies them to the rows the scan returns.
 */
final class PushedFilters {
    private PushedFilters() {
    }

    /** {@code apply} returns true when it fully applies the comparison it is given. */
    static void offer(List<RexNode> filters, DataContext root, Predicate<Comparison> apply) {
        RelDataTypeFactory types = root != null && root.getTypeFactory() != null ? root.getTypeFactory()
                : new JavaTypeFactoryImpl();
        RexBuilder rex = new RexBuilder(types);
        for (Iterator<RexNode> it = filters.iterator(); it.hasNext();) {
            // BETWEEN and ranges arrive as SEARCH(col, Sarg); expanded they are plain comparisons.
            RexNode filter = RexUtil.expandSearch(rex, null, it.next());
            boolean all = true;
            for (RexNode conjunct : RelOptUtil.conjunctions(filter)) {
                Comparison c = Comparison.of(conjunct, root);
                if (c == null || !apply.test(c)) {
                    all = false;
                }
            }
            if (all) {
                it.remove();
            }
        }
    }
}
