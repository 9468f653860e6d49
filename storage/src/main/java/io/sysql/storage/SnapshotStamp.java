package io.sysql.storage;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventSink;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives a capture's leading untimed events (a .scap file's process, fd and user lists carry no time) the
 * timestamp of its first timed event, which is when those lists were true; otherwise the capture would
 * start in 1970 and "AS OF TIMESTAMP" would place the snapshot decades before the events.
 */
final class SnapshotStamp implements EventSink {
    private final EventSink target;
    private List<Event> held = new ArrayList<>();
    private long firstTs;

    SnapshotStamp(EventSink target) {
        this.target = target;
    }

    @Override
    public void accept(Event e) {
        if (held == null) {
            target.accept(e);
        } else if (e.ts == 0) {
            held.add(e.copy());
        } else {
            firstTs = e.ts;
            release(firstTs);
            target.accept(e);
        }
    }

    /** Delivers what is still held (a capture without a single timed event keeps time 0). */
    void flush() {
        if (held != null) {
            release(0);
        }
    }

    /** The first timestamp of the capture, 0 when it has no timed event. */
    long firstTs() {
        return firstTs;
    }

    private void release(long ts) {
        List<Event> events = held;
        held = null;
        for (Event e : events) {
            e.ts = ts;
            target.accept(e);
        }
    }
}
