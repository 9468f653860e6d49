package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

import java.util.List;

/**
 * Decides a filter on a fleet table's {@code host} and {@code capture} columns for one capture before it
 * is opened: equalities with a literal or a {@code ?} parameter ({@code IN} lists too), combined with
 * AND, OR and NOT. Any other form is undecided, and the capture is read and the filter applied to its rows.
 */
final class FleetFilter {
    private FleetFilter() {
    }

    /**
     * Whether {@code filter} is of a form {@link #holds} decides whenever its values (parameters) are not
     * NULL; with a NULL it is unknown, which a WHERE clause takes as false.
     */
    static boolean decidable(RexNode filter) {
        RexNode n = RexUtil.expandSearch(new RexBuilder(new JavaTypeFactoryImpl()), null, filter);
        return switch (n.getKind()) {
            case AND, OR, NOT -> ((RexCall) n).getOperands().stream().allMatch(FleetFilter::decidable);
            case EQUALS, NOT_EQUALS -> {
                List<RexNode> sides = ((RexCall) n).getOperands();
                yield sides.get(0) instanceof RexInputRef && constant(sides.get(1))
                        || sides.get(1) instanceof RexInputRef && constant(sides.get(0));
            }
            default -> false;
        };
    }

    private static boolean constant(RexNode n) {
        while (n.isA(SqlKind.CAST)) {
            n = ((RexCall) n).getOperands().get(0);
        }
        return n instanceof RexLiteral || n instanceof RexDynamicParam;
    }

    /** Whether {@code filter} holds for {@code member}'s rows, or null when this cannot tell. */
    static Boolean holds(RexNode filter, int hostColumn, int captureColumn, FleetMember member, DataContext root) {
        RexBuilder rex = new RexBuilder(root.getTypeFactory() != null ? root.getTypeFactory() : new JavaTypeFactoryImpl());
        return eval(RexUtil.expandSearch(rex, null, filter), hostColumn, captureColumn, member, root, rex);
    }

    private static Boolean eval(RexNode n, int hostColumn, int captureColumn, FleetMember member, DataContext root,
            RexBuilder rex) {
        if (!(n instanceof RexCall call)) {
            return null;
        }
        switch (n.getKind()) {
            case AND, OR -> {
                boolean and = n.getKind() == SqlKind.AND;
                boolean unknown = false;
                for (RexNode o : call.getOperands()) {
                    Boolean v = eval(o, hostColumn, captureColumn, member, root, rex);
                    if (v == null) {
                        unknown = true;
                    } else if (v != and) {
                        return v; // false decides an AND, true an OR
                    }
                }
                return unknown ? null : and;
            }
            case NOT -> {
                Boolean v = eval(call.getOperands().get(0), hostColumn, captureColumn, member, root, rex);
                return v == null ? null : !v;
            }
            case EQUALS -> {
                return equal(call, hostColumn, captureColumn, member, root);
            }
            case NOT_EQUALS -> {
                Boolean v = equal(rex.makeCall(SqlStdOperatorTable.EQUALS, call.getOperands()), hostColumn,
                        captureColumn, member, root);
                return v == null ? null : !v;
            }
            default -> {
                return null;
            }
        }
    }

    private static Boolean equal(RexNode equality, int hostColumn, int captureColumn, FleetMember member,
            DataContext root) {
        Comparison c = Comparison.of(equality, root);
        String value = c == null ? null : c.stringValue();
        if (value == null) {
            return null;
        }
        String actual = c.column() == hostColumn ? member.host() : c.column() == captureColumn ? member.name() : null;
        return actual == null ? null : actual.equals(value);
    }
}
