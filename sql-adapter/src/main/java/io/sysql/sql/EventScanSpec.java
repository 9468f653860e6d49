package io.sysql.sql;

import io.sysql.capture.event.Event;
import io.sysql.storage.Capture;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

import java.util.List;

/** What an events scan reads: a range of event numbers or timestamps, and head filters. */
final class EventScanSpec {
    private static final int NUM = Tables.EVENTS.indexOf("num");
    private static final int TS = Tables.EVENTS.indexOf("ts");
    private static final int PID = Tables.EVENTS.indexOf("pid");
    private static final int TID = Tables.EVENTS.indexOf("tid");
    private static final int TYPE = Tables.EVENTS.indexOf("type");
    private static final int FAILED = Tables.EVENTS.indexOf("failed");
    private static final int ERRNO = Tables.EVENTS.indexOf("errno");

    private long numLo = 1;
    private long numHi = Long.MAX_VALUE;
    private long tsLo = Long.MIN_VALUE;
    private long tsHi = Long.MAX_VALUE;
    private Long pid;
    private Long tid;
    private String type;
    private Boolean failed;
    private Long errno;
    /** Two different values asked for one head field: no event matches. */
    private boolean contradiction;

    static EventScanSpec from(List<RexNode> filters, DataContext root) {
        EventScanSpec s = new EventScanSpec();
        PushedFilters.offer(filters, root, s::apply);
        return s;
    }

    private boolean apply(Comparison c) {
        if (c.column() == NUM || c.column() == TS) {
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
            contradiction |= type != null && !type.equals(c.stringValue());
            type = c.stringValue();
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

    /** The head filters (pid, tid, type, failed, errno) accept this event. */
    boolean accepts(Event e) {
        return (pid == null || e.pid == pid) && (tid == null || e.tid == tid) && acceptsType(e.kind.name())
                && acceptsErrno(e.errno);
    }

    boolean acceptsType(String t) {
        return type == null || type.equals(t);
    }

    boolean acceptsErrno(int e) {
        // a call that never returned (errno NO_EXIT) has failed and errno NULL: no comparison holds
        return (failed == null || e != Event.NO_EXIT && failed == (e != 0))
                && (errno == null || e != Event.NO_EXIT && errno == e);
    }

    /** No filter needs a head field the head columns lack (pid, tid). */
    boolean needsOnlyHeadColumns() {
        return pid == null && tid == null;
    }
}
