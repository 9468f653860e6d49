package io.sysql.bench;

import io.sysql.capture.event.Event;
import io.sysql.storage.Capture;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.journal.Journal;
import io.sysql.storage.state.StateMachine;

/**
 * The baseline of time travel without an index, as sysdig does it: replay the journal from the first
 * event through the state machine up to the point asked for.
 */
final class Replay {
    private Replay() {
    }

    /** The number of fds of {@code pid} (all fds when {@code pid} is 0) open right after event {@code num}. */
    static int fdsAt(Capture capture, long num, int pid) {
        StateMachine state = new StateMachine(new HistoryIndex());
        Event e = new Event();
        try (Journal.Cursor cursor = capture.events(1)) {
            while (cursor.position() <= num && cursor.next(e)) {
                state.apply(e);
            }
        }
        return count(state, pid);
    }

    /**
     * One pass from the start that, at each event of {@code [first, last]}, counts the fds of that
     * event's process: what per-row time travel answers, done by replay. Returns the sum of the counts.
     */
    static long fdsOfEachEvent(Capture capture, long first, long last) {
        StateMachine state = new StateMachine(new HistoryIndex());
        Event e = new Event();
        long total = 0;
        try (Journal.Cursor cursor = capture.events(1)) {
            while (cursor.position() <= last && cursor.next(e)) {
                state.apply(e);
                if (e.num >= first) {
                    total += count(state, e.pid);
                }
            }
        }
        return total;
    }

    private static int count(StateMachine state, int pid) {
        int n = 0;
        for (FdRow f : state.history().fds().openVersions()) {
            if (pid == 0 || f.pid == pid) {
                n++;
            }
        }
        return n;
    }
}
