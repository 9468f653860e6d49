package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;

/**
 * Fills an event's fields from a call of one {@link EventKind.Shape shape}, finding the arguments where the
 * call's row of the table of kinds puts them. The event already holds the type, tid, times, result and raw
 * argument text; a decoder adds what the call means (the fd it acts on, the path, the endpoints).
 */
@FunctionalInterface
interface SyscallDecoder {
    void decode(Call call, EventKind kind, Event event, DecodeContext context);
}
