package io.sysql.capture.scap;

import io.sysql.capture.event.EventKind;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts delivered events by type for the summary. */
final class EventCounter {
    private final Map<EventKind, long[]> byType = new IdentityHashMap<>();
    private long total;

    void count(EventKind type) {
        total++;
        long[] n = byType.get(type);
        if (n == null) {
            byType.put(type, new long[] {1});
        } else {
            n[0]++;
        }
    }

    long total() {
        return total;
    }

    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        byType.forEach((k, v) -> out.put(k.name(), v[0]));
        return out;
    }
}
