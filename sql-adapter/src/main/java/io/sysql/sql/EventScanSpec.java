package io.sysql.sql;

import io.sysql.capture.event.Event;
import io.sysql.storage.Capture;
import io.sysql.storage.columns.Column;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What an events scan reads: a range of event numbers or timestamps, and the filters it applies itself. */
final class EventScanSpec {
    private static final int NUM = Tables.EVENTS.indexOf("num");
    private static final int TS = Tables.EVENTS.indexOf("ts");
    private static final int PID = Tables.EVENTS.indexOf("pid");
    private static final int TID = Tables.EVENTS.indexOf("tid");
    private static final int TYPE = Tables.EVENTS.indexOf("type");
    private static final int FAILED = Tables.EVENTS.indexOf("failed");
    private static final int ERRNO = Tables.EVENTS.indexOf("errno");
    private static final int RES = Tables.EVENTS.indexOf("res");
    private static final int FD_TYPE = Tables.EVENTS.indexOf("fd_type");

    private long numLo = 1;
    private long numHi = Long.MAX_VALUE;
    private long tsLo = Long.MIN_VALUE;
    private long tsHi = Long.MAX_VALUE;
    private Long pid;
    private Long tid;
    /** The types asked for; null for any. */
    private Set<String> types;
    private String fdType;
    private long resLo = Long.MIN_VALUE;
    private long resHi = Long.MAX_VALUE;
    /** A comparison on res: only calls that returned pass (res is null for the others). */
    private boolean resCompared;
    private Boolean failed;
    private Long errno;
    /** Two different values asked for one head field: no event matches. */
    private boolean contradiction;

    /** The spec of {@code filters}, each of which a table put in place of an aggregate must apply. */
    static EventScanSpec applyingAll(List<RexNode> filters, DataContext root) {
        List<RexNode> unapplied = new ArrayList<>(filters);
        EventScanSpec spec = from(unapplied, root);
        if (!unapplied.isEmpty()) {
            throw new IllegalStateException("an events aggregate cannot apply " + unapplied);
        }
        return spec;
    }

    static EventScanSpec from(List<RexNode> filters, DataContext root) {
        EventScanSpec s = new EventScanSpec();
        PushedFilters.offer(filters, root, s::apply);
        return s;
    }

    private boolean apply(Comparison c) {
        if (c.value() == Comparison.NULL_PARAMETER) {
            // col op NULL holds for no row; applied where the same comparison with a value would be
            boolean applies = applyDeferred(c, true);
            contradiction |= applies;
            return applies;
        }
        if (c.value() instanceof Comparison.Parameter p) {
            return applyDeferred(c, c.integerParameter() || c.parameterOf(SqlTypeFamily.CHARACTER)
                    || c.parameterOf(SqlTypeFamily.BOOLEAN));
        }
        if (c.column() == TYPE && c.op() == SqlKind.IN && c.stringValues() != null) {
            restrictTypes(Set.copyOf(c.stringValues()));
            return true;
        }
        if (c.column() == NUM || c.column() == TS || c.column() == RES) {
            Long v = c.longValue();
            if (v == null) {
                return false;
            }
            long lo = switch (c.op()) {
                case EQUALS, GREATER_THAN_OR_EQUAL -> v;
                case GREATER_THAN -> v == Long.MAX_VALUE ? v : v + 1;
                default -> Long.MIN_VALUE;
            };
            long hi = switch (c.op()) {
                case EQUALS, LESS_THAN_OR_EQUAL -> v;
                case LESS_THAN -> v == Long.MIN_VALUE ? v : v - 1;
                default -> Long.MAX_VALUE;
            };
            if (c.column() == NUM) {
                numLo = Math.max(numLo, lo);
                numHi = Math.min(numHi, hi);
            } else if (c.column() == RES) {
                resCompared = true;
                resLo = Math.max(resLo, lo);
                resHi = Math.min(resHi, hi);
            } else {
                tsLo = Math.max(tsLo, lo);
                tsHi = Math.min(tsHi, hi);
            }
            return true;
        }
        if (c.op() != SqlKind.EQUALS) {
            return false;
        }
        if (c.column() == PID || c.column() == TID) {
            Long v = c.longValue();
            if (v == null) {
                return false;
            }
            contradiction |= v != v.intValue(); // no pid or tid is outside an int
            Long before = c.column() == PID ? pid : tid;
            contradiction |= before != null && !before.equals(v);
            if (c.column() == PID) {
                pid = v;
            } else {
                tid = v;
            }
            return true;
        }
        if (c.column() == FAILED && c.value() instanceof Boolean b) {
            contradiction |= failed != null && failed != b;
            failed = b;
            return true;
        }
        if (c.column() == ERRNO) {
            Long v = c.longValue();
            if (v == null) {
                return false;
            }
            contradiction |= errno != null && !errno.equals(v);
            errno = v;
            return true;
        }
        if (c.column() == TYPE && c.stringValue() != null) {
            restrictTypes(Set.of(c.stringValue()));
            return true;
        }
        if (c.column() == FD_TYPE && c.stringValue() != null) {
            contradiction |= fdType != null && !fdType.equals(c.stringValue());
            fdType = c.stringValue();
            return true;
        }
        return false;
    }

    /**
     * The events to read, {@code [first, last]}, with timestamp bounds turned into event numbers
     * (timestamps never decrease in journal order); empty when {@code first > last}.
     */
    long[] numRange(Capture capture, long end) {
        long lo = numLo;
        long hi = Math.min(numHi, end);
        if (contradiction) {
            return new long[] {1, 0};
        }
        if (tsLo != Long.MIN_VALUE) {
            lo = Math.max(lo, capture.lastNumAtOrBefore(tsLo - 1) + 1);
        }
        if (tsHi != Long.MAX_VALUE) {
            hi = Math.min(hi, capture.lastNumAtOrBefore(tsHi));
        }
        return new long[] {Math.max(lo, 1), hi};
    }

    /**
     * Whether a comparison whose value is not known while planning ({@code ?}) will be applied when the
     * statement runs: its column and operator are among those {@link #apply} takes with a value of the
     * parameter's type. Nothing is restricted: the plan must not depend on the value.
     */
    private boolean applyDeferred(Comparison c, boolean typed) {
        if (!typed) {
            return false;
        }
        int col = c.column();
        boolean range = c.op() != SqlKind.IN && c.op() != SqlKind.NOT_EQUALS;
        if (col == NUM || col == TS || col == RES) {
            return range && (c.integerParameter() || c.value() == Comparison.NULL_PARAMETER);
        }
        if (c.op() != SqlKind.EQUALS) {
            return false;
        }
        if (col == PID || col == TID || col == ERRNO) {
            return c.integerParameter() || c.value() == Comparison.NULL_PARAMETER;
        }
        if (col == FAILED) {
            return c.parameterOf(SqlTypeFamily.BOOLEAN) || c.value() == Comparison.NULL_PARAMETER;
        }
        if (col == TYPE || col == FD_TYPE) {
            return c.parameterOf(SqlTypeFamily.CHARACTER) || c.value() == Comparison.NULL_PARAMETER;
        }
        return false;
    }

    private void restrictTypes(Set<String> asked) {
        if (types == null) {
            types = asked;
        } else {
            Set<String> both = new HashSet<>(types);
            both.retainAll(asked);
            types = both;
        }
    }

    /** The filters other than the range (pid, tid, type, failed, errno, fd_type, res) accept this event. */
    boolean accepts(Event e) {
        return acceptsHead(e) && acceptsFdType(e.fdType == null ? null : e.fdType.sqlName());
    }

    /** The filters on the fields of an event's head (all but fd_type) accept it: its body is worth decoding. */
    boolean acceptsHead(Event e) {
        return (pid == null || e.pid == pid) && (tid == null || e.tid == tid) && acceptsType(e.kind.name())
                && acceptsErrno(e.errno) && (!resCompared || e.returned() && e.res >= resLo && e.res <= resHi);
    }

    /** The type filter accepts {@code t}; {@code acceptsType(null)}: there is no type filter. */
    boolean acceptsType(String t) {
        return types == null || t != null && types.contains(t);
    }

    boolean acceptsErrno(int e) {
        // a call that never returned (errno NO_EXIT) has failed and errno NULL: no comparison holds
        return (failed == null || e != Event.NO_EXIT && failed == (e != 0))
                && (errno == null || e != Event.NO_EXIT && errno == e);
    }

    boolean acceptsFdType(String sqlName) {
        return fdType == null || fdType.equals(sqlName);
    }

    /** The pid asked for, or null. */
    Long pid() {
        return pid;
    }

    /** Whether res is compared, and its bounds (inclusive). */
    boolean resCompared() {
        return resCompared;
    }

    long resLo() {
        return resLo;
    }

    long resHi() {
        return resHi;
    }

    /** A filter needs a field of an event's body (fd_type). */
    boolean filtersBody() {
        return fdType != null;
    }

    /** No filter needs a field the columns lack (tid). */
    boolean needsOnlyColumns() {
        return tid == null;
    }

    /** The columns beside the head the filters read. */
    Set<Column> filterColumns() {
        Set<Column> out = EnumSet.noneOf(Column.class);
        if (pid != null) {
            out.add(Column.PID);
        }
        if (fdType != null) {
            out.add(Column.FD_TYPE);
        }
        if (resCompared) {
            out.add(Column.RES);
        }
        return out;
    }
}
