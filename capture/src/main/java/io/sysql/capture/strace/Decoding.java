package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKind.Arg;
import io.sysql.capture.event.FdType;

/** Steps most decoders share: the fd a call acts on, the fd a call creates. */
final class Decoding {
    private Decoding() {
    }

    /** The call acts on the fd in argument {@code i}: record it and what strace says it refers to. */
    static FdRef actsOn(Call call, int i, Event e) {
        FdRef ref = call.fd(i);
        if (ref != null) {
            e.fd = ref.fd;
            if (ref.decoration != null) {
                ref.decoration.applyTo(e);
            }
        }
        return ref;
    }

    /** The call returned a new fd: describe it by its decoration, or as {@code fallback} without one. */
    static void creates(Call call, Event e, FdType fallback) {
        if (call.resDecoration != null) {
            call.resDecoration.applyTo(e);
            if (e.fdType == FdType.OTHER && fallback != FdType.OTHER) {
                e.fdType = fallback;
            }
        } else {
            e.fdType = fallback;
        }
    }

    /** The number in the argument with this role; {@code absent} when the call has none. */
    static long num(Call call, EventKind kind, Arg role, long absent) {
        int i = kind.argIndex(role);
        return i < 0 ? absent : call.num(i);
    }

    /** An fd number that may be printed as {@code ~0U} or as an unsigned int (close_range's last fd). */
    static int fdNumber(String text) {
        if (text == null) {
            return Event.NO_FD;
        }
        if (text.startsWith("~")) {
            return Integer.MAX_VALUE;
        }
        long v = Constants.parse(text);
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }
}
