package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.NlsString;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A pushed-down filter of the simple shape a table can apply itself: {@code column op value}, the value
 * a literal or a {@code ?} parameter (either side: a {@link Parameter} while planning, {@link #NULL_PARAMETER}
 * when set to NULL), op one of = &lt; &lt;= &gt; &gt;=; or {@code column IN
 * (values)} (op IN, the value the list of values), from a disjunction of equalities on one column.
 */
record Comparison(int column, SqlKind op, Object value) {

    /** The comparison {@code node} expresses, with parameters read from {@code root}; null otherwise. */
    static Comparison of(RexNode node, DataContext root) {
        if (!(node instanceof RexCall call) || call.getOperands().size() != 2) {
            return null;
        }
        SqlKind op = call.getKind();
        if (op != SqlKind.EQUALS && op != SqlKind.LESS_THAN && op != SqlKind.LESS_THAN_OR_EQUAL
                && op != SqlKind.GREATER_THAN && op != SqlKind.GREATER_THAN_OR_EQUAL) {
            return null;
        }
        RexNode left = strip(call.getOperands().get(0));
        RexNode right = strip(call.getOperands().get(1));
        if (!(left instanceof RexInputRef) && right instanceof RexInputRef) {
            RexNode t = left;
            left = right;
            right = t;
            op = op.reverse();
        }
        if (!(left instanceof RexInputRef ref)) {
            return null;
        }
        Object value;
        if (right instanceof RexLiteral lit) {
            value = lit.getValue4();
        } else if (right instanceof RexDynamicParam param) {
            value = root == null ? new Parameter(param.getType().getSqlTypeName())
                    : root.get("?" + param.getIndex());
            if (value == null) {
                value = NULL_PARAMETER;
            }
        } else {
            return null;
        }
        if (value == null) {
            return null;
        }
        return new Comparison(ref.getIndex(), op, value);
    }

    /** The value of a {@code ?} not known yet: the statement is being planned. */
    record Parameter(SqlTypeName type) {
    }

    /** The value of a {@code ?} set to NULL: the comparison holds for no row. */
    static final Object NULL_PARAMETER = new Object() {
        @Override
        public String toString() {
            return "NULL";
        }
    };

    /** The value is a {@code ?} not known until the statement runs, of a type that can hold a long or text. */
    boolean parameterOf(SqlTypeFamily family) {
        return value instanceof Parameter p && p.type().getFamily() == family;
    }

    /**
     * The value is a {@code ?} of an integer type: only such a value is certain to be one a column of whole
     * numbers can be compared with exactly ({@code res > 0.5} is not {@code res > 0}).
     */
    boolean integerParameter() {
        return value instanceof Parameter p && SqlTypeName.INT_TYPES.contains(p.type());
    }

    /** {@code col = v1 OR col = v2 ...} as {@code col IN (v1, v2, ...)}; null for any other disjunction. */
    static Comparison anyOf(RexNode node, DataContext root) {
        if (node.getKind() != SqlKind.OR) {
            return null;
        }
        List<Object> values = new ArrayList<>();
        int column = -1;
        for (RexNode disjunct : RelOptUtil.disjunctions(node)) {
            Comparison c = of(disjunct, root);
            if (c == null || c.op() != SqlKind.EQUALS || column >= 0 && c.column() != column) {
                return null;
            }
            column = c.column();
            values.add(c.value());
        }
        return new Comparison(column, SqlKind.IN, values);
    }

    /** Looks through casts that cannot change which rows match: of constants, or between numbers. */
    private static RexNode strip(RexNode n) {
        while (n.getKind() == SqlKind.CAST) {
            RexNode inner = ((RexCall) n).getOperands().get(0);
            boolean constant = inner instanceof RexLiteral || inner instanceof RexDynamicParam;
            boolean numeric = SqlTypeUtil.isNumeric(n.getType()) && SqlTypeUtil.isNumeric(inner.getType());
            if (!constant && !numeric) {
                break;
            }
            n = inner;
        }
        return n;
    }

    /** The value as a whole number; null when it is not one (text, or a number with a fraction). */
    Long longValue() {
        if (value instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException fractionOrTooLarge) {
                return null;
            }
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (long) d : null;
        }
        return value instanceof Number n ? n.longValue() : null;
    }

    /** The values of an {@code IN} comparison as text; null when one is not text. */
    List<String> stringValues() {
        if (!(value instanceof List<?> values)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            String text = new Comparison(column, SqlKind.EQUALS, v).stringValue();
            if (text == null) {
                return null;
            }
            out.add(text);
        }
        return out;
    }

    String stringValue() {
        if (value instanceof NlsString nls) {
            return nls.getValue();
        }
        return value instanceof CharSequence ? value.toString() : null;
    }
}
