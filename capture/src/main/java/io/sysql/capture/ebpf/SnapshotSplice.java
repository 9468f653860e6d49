package io.sysql.capture.ebpf;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.Linux;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.proc.ProcSnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * Joins a {@code /proc} read with the kernel's event stream without a gap: the kernel records before /proc
 * is read, and each event that /proc already reflects is skipped. /proc shows a process as it was when its
 * directory was read (the ts of its snap_process); an event of that process that ended earlier is
 * therefore in the snapshot already, one that ended later is not. A fork counts for the child it creates.
 * Processes /proc did not show (born, or gone, during the read) keep all their events.
 */
final class SnapshotSplice {
    /** Ring order across CPUs is not ts order: keep filtering this long past the end of the read. */
    private static final long REORDER_MARGIN_NS = 1_000_000_000L;

    private final Map<Integer, Long> readAt = new HashMap<>();
    private long readEnd;

    /** Emits /proc (processes only, or users and groups too) through to {@code sink}, noting when each pid was read. */
    void read(ProcSnapshot snapshot, boolean withAccounts, EventSink sink, SourceCounters counters) {
        EventSink noting = e -> {
            if (e.kind == EventKinds.SNAP_PROCESS) {
                readAt.put(e.pid, e.ts);
                readEnd = Math.max(readEnd, e.ts);
            }
            sink.accept(e);
        };
        if (withAccounts) {
            snapshot.emitAll(noting, counters);
        } else {
            snapshot.emitProcesses(noting, counters);
        }
    }

    /**
     * Where {@code e} goes among the read's events, which are in the order they were read: at its own time,
     * or, for a call of a process read only after it (a fork of a child the read missed), right after that
     * process is read, so that the caller is known when the call is applied.
     */
    long placeInRead(Event e) {
        Long callerRead = readAt.get(e.pid);
        return callerRead != null && callerRead > e.ts ? callerRead : e.ts;
    }

    /** True when the last read already shows the effect of {@code e}. */
    boolean reflects(Event e) {
        if (readAt.isEmpty()) {
            return false;
        }
        if (e.ts > readEnd + REORDER_MARGIN_NS) {
            readAt.clear();
            return false;
        }
        Long at = readAt.get(affectedPid(e));
        return at != null && e.ts < at;
    }

    private static int affectedPid(Event e) {
        boolean newProcess = e.res > 0 && (e.flags & Linux.CLONE_THREAD) == 0
                && e.kind.effect() == EventKind.Effect.CLONE;
        return newProcess ? (int) e.res : e.pid;
    }
}
