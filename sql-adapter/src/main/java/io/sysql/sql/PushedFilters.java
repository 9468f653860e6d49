package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

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
                Comparison c = booleanColumn(conjunct);
                if (c == null) {
                    c = Comparison.of(conjunct, root);
                }
                if (c == null) {
                    c = Comparison.anyOf(conjunct, root);
                }
                if (c == null || !apply.test(c)) {
                    all = false;
                }
            }
            if (all) {
                it.remove();
            }
        }
    }

    /** {@code WHERE flag} and {@code WHERE NOT flag} on a BOOLEAN column, as {@code flag = true|false}. */
    private static Comparison booleanColumn(RexNode conjunct) {
        boolean negated = conjunct.getKind() == SqlKind.NOT;
        RexNode operand = negated ? ((RexCall) conjunct).getOperands().get(0) : conjunct;
        if (operand instanceof RexInputRef ref && ref.getType().getSqlTypeName() == SqlTypeName.BOOLEAN) {
            return new Comparison(ref.getIndex(), SqlKind.EQUALS, !negated);
        }
        return null;
    }
}
