package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;

import java.util.Date;

/**
 * The point a state table is bound to by {@code FOR SYSTEM_TIME AS OF}: an event number
 * ({@code EVT(n)}, {@code EVT(?)}) or a timestamp (a literal, a {@code ?} parameter,
 * {@code CURRENT_TIMESTAMP}), resolved to an event number when the query runs.
 *
 * <p>Decisions: AS OF 0, or a timestamp before the first event, is the empty state before anything
 * happened; a negative event number, or one past the last event, is an error naming the capture's size;
 * a timestamp past the last event is the end of the capture (the state after the last event with
 * {@code ts <= T}).
 */
final class AsOfPoint {
    /** Event numbers this large are milliseconds since 1973, not a capture's events. */
    static final long LIKELY_MILLISECONDS = 100_000_000_000L;

    private final RexNode value;
    private final boolean eventNumber;

    private AsOfPoint(RexNode value, boolean eventNumber) {
        this.value = value;
        this.eventNumber = eventNumber;
    }

    /**
     * The fixed point {@code period} names, or null when it depends on the rows of another table
     * (per-row time travel, done by a table function instead).
     */
    static AsOfPoint of(RexNode period) {
        if (Evt.isCall(period)) {
            RexNode n = ((RexCall) period).getOperands().get(0);
            while (n.getKind() == SqlKind.CAST) {
                n = ((RexCall) n).getOperands().get(0);
            }
            if (n instanceof RexLiteral || n instanceof RexDynamicParam) {
                return new AsOfPoint(n, true);
            }
            return null;
        }
        if (period instanceof RexLiteral || period instanceof RexDynamicParam) {
            return new AsOfPoint(period, false);
        }
        if (period.getKind() == SqlKind.CAST && ((RexCall) period).getOperands().get(0) instanceof RexDynamicParam p) {
            return new AsOfPoint(p, false); // AS OF TIMESTAMP ?
        }
        if (period instanceof RexCall c && (c.getOperator().getName().equals("CURRENT_TIMESTAMP")
                || c.getOperator().getName().equals("LOCALTIMESTAMP"))) {
            return new AsOfPoint(period, false);
        }
        if (dependsOnRows(period)) {
            return null;
        }
        throw new SysqlQueryException("AS OF needs an event number (AS OF 123, EVT(n)), a timestamp literal or "
                + "parameter, or a column of another table of the join; got: " + period);
    }

    private static boolean dependsOnRows(RexNode n) {
        if (n instanceof RexFieldAccess fa) {
            return fa.getReferenceExpr() instanceof RexCorrelVariable || dependsOnRows(fa.getReferenceExpr());
        }
        if (n instanceof RexCorrelVariable || n instanceof RexInputRef) {
            return true;
        }
        return n instanceof RexCall c && c.getOperands().stream().anyMatch(AsOfPoint::dependsOnRows);
    }

    /** How EXPLAIN and the bound table's name show the point. */
    String describe() {
        String v = value instanceof RexDynamicParam p ? "?" + p.getIndex()
                : value instanceof RexLiteral l ? literalText(l) : value.toString();
        return eventNumber ? v : "TIMESTAMP " + v;
    }

    private static String literalText(RexLiteral l) {
        if (l.getTypeName().getFamily() == SqlTypeFamily.TIMESTAMP) {
            return "'" + l.getValueAs(org.apache.calcite.util.TimestampString.class) + "'";
        }
        return String.valueOf(l.getValue4());
    }

    /** The event number this point means for the query running in {@code root}. */
    long resolve(DataContext root, SysqlSchema schema) {
        long end = schema.endOf(root);
        Object v = valueIn(root);
        if (v == null) {
            throw new SysqlQueryException("AS OF NULL: give an event number or a timestamp");
        }
        if (eventNumber && !(v instanceof Date)) { // a Date: a time bound to AS OF ? (AsOfTimeParameters)
            if (!(v instanceof Number n)) {
                throw new SysqlQueryException("AS OF needs an event number, got " + v);
            }
            return checked(n.longValue(), end);
        }
        return Math.min(schema.capture().lastNumAtOrBefore(epochNanos(v, root, "AS OF")), end);
    }

    /**
     * A TIMESTAMP value as ns since the epoch: a parameter's {@link Date} is an instant, Calcite's own value
     * a wall-clock reading on the connection's clock. {@code what} names the clause in the error.
     */
    static long epochNanos(Object v, DataContext root, String what) {
        if (v instanceof Date d) {
            return SqlTime.millisToNanos(d.getTime());
        }
        if (v instanceof Number n) {
            return SqlTime.of(root).toEpochNanos(n.longValue());
        }
        throw new SysqlQueryException(what + " needs a timestamp, got " + v);
    }

    private Object valueIn(DataContext root) {
        if (value instanceof RexDynamicParam p) {
            return root.get("?" + p.getIndex());
        }
        if (value instanceof RexLiteral l) {
            return l.getValue4();
        }
        return DataContext.Variable.CURRENT_TIMESTAMP.get(root);
    }

    private static long checked(long num, long end) {
        if (num < 0) {
            throw new SysqlQueryException("AS OF " + num + ": event numbers start at 1 "
                    + "(AS OF 0 is the empty state before the first event)");
        }
        if (num > end) {
            // a time as a number of milliseconds (setLong): say how to give a time
            throw new SysqlQueryException("AS OF " + num + " is past the end of the capture: it has " + end
                    + " events" + (num > LIKELY_MILLISECONDS ? " (to give a time, bind a TIMESTAMP: setTimestamp)" : ""));
        }
        return num;
    }
}
