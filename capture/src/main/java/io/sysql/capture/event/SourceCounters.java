package io.sysql.capture.event;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named counts a source keeps about what it met (unparsed lines, processes that vanished mid-scan,
 * permission denials, drops). They end up in the capture's metadata.
 */
public final class SourceCounters {
    public static final String PARSE_ERRORS = "parse_errors";
    public static final String VANISHED = "vanished_mid_scan";
    public static final String PERMISSION_DENIED = "permission_denied";
    public static final String DROPS = "drops";
    /** Entries of a scap capture's process list whose fields do not fit their own length: skipped. */
    public static final String DAMAGED_PROCESS_ENTRIES = "damaged_process_entries";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void increment(String name) {
        add(name, 1);
    }

    public void add(String name, long n) {
        counts.computeIfAbsent(name, k -> new LongAdder()).add(n);
    }

    /** Adds every count of {@code other} to this. */
    public void addAll(SourceCounters other) {
        other.snapshot().forEach(this::add);
    }

    public long get(String name) {
        LongAdder a = counts.get(name);
        return a == null ? 0 : a.sum();
    }

    /** A sorted copy of the counts. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
