package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.proc.ProcSnapshot;

import java.util.function.IntSupplier;

/**
 * Introduces the recorded command to the state before its first event. The /proc snapshot was taken
 * before the command existed, and strace shows nothing of its birth: without this the command would
 * appear out of nowhere at its execve, without the stdin, stdout and stderr it inherited. Those are the
 * recorder's own (strace passes them through): the command is introduced as what it is until its execve,
 * a copy of strace (described too, so that ancestry is whole) with the recorder's fds 0-2.
 */
final class CommandRoot implements EventSink {
    private final EventSink sink;
    private final IntSupplier stracePid;
    private final SourceCounters counters;
    private boolean introduced;

    CommandRoot(EventSink sink, IntSupplier stracePid, SourceCounters counters) {
        this.sink = sink;
        this.stracePid = stracePid;
        this.counters = counters;
    }

    @Override
    public void accept(Event e) {
        if (!introduced) {
            introduced = true;
            // an instant before the first call began (a call's ts is its end)
            introduce(e.pid, e.ts - e.latencyNs - 1);
        }
        sink.accept(e);
    }

    /**
     * Everything introduced is stamped {@code ts}, before the command's first call: it was read later
     * (strace's output reaches the recorder a moment after the call), but it was true before that call,
     * and a later stamp would push the command's first calls to it (timestamps never go back in a capture).
     */
    private void introduce(int rootPid, long ts) {
        int self = (int) ProcessHandle.current().pid();
        ProcSnapshot snapshot = ProcSnapshot.ofThisMachine();
        // strace itself, between the recorder and the command in the process tree.
        int strace = stracePid.getAsInt();
        Event[] straceProcess = new Event[1];
        boolean straceRead = snapshot.emitProcess(strace, read -> {
            if (read.kind == EventKinds.SNAP_PROCESS) {
                straceProcess[0] = read.copy();
            }
            read.ts = ts;
            sink.accept(read);
        }, counters);
        if (!straceRead) {
            // Gone already: a command that ends before its first event is read takes strace with it.
            Event gone = Event.of(EventKinds.SNAP_PROCESS, strace, strace);
            gone.name = "strace";
            gone.ppid = self;
            gone.ts = ts;
            gone.startTs = ts;
            sink.accept(gone);
        }
        snapshot.emitProcess(self, own -> {
            boolean inherited = own.kind == EventKinds.SNAP_PROCESS
                    || (own.kind == EventKinds.SNAP_FD && own.fd <= 2);
            if (!inherited) {
                return;
            }
            // Until its execve the command is the copy of strace that strace forked for it.
            Event copy = own.kind == EventKinds.SNAP_PROCESS && straceProcess[0] != null
                    ? straceProcess[0].copy() : own.copy();
            copy.pid = rootPid;
            copy.tid = rootPid;
            copy.ts = ts;
            if (copy.kind == EventKinds.SNAP_PROCESS) {
                copy.name = "strace";
                copy.ppid = strace;
                copy.startTs = ts;
                copy.vmSizeKb = 0;
                copy.vmRssKb = 0;
                // the command is in the recorder's pid namespace: its own pid there only if that is the host's
                copy.vpid = own.vpid == own.pid ? rootPid : Event.UNSET;
            }
            sink.accept(copy);
        }, counters);
    }
}
