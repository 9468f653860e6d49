package io.sysql.capture.strace;

import io.sysql.capture.event.Event;

/**
 * Fills an event's fields from one kind of call. The event already holds the type, tid, times, result
 * and raw argument text; a decoder adds what the call means (the fd it acts on, the path, the endpoints).
 */
@FunctionalInterface
interface SyscallDecoder {
    void decode(Call call, Event event, DecodeContext context);
}
