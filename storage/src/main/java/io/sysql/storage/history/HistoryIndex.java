package io.sysql.storage.history;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every version of every process, thread and fd of a capture, and a sparse map from event number to
 * timestamp. Derived from the journal (the state machine fills it) and persisted beside it.
 */
public final class HistoryIndex {
    /** One timestamp sample every this many events; {@code ts} lookups read at most this many events. */
    public static final int TS_SAMPLE_SPACING = 256;

    private final VersionList<ProcessRow> processes = new VersionList<>(p -> p.upid, p -> p.pid);
    private final VersionList<ThreadRow> threads = new VersionList<>(t -> t.utid, t -> t.pid);
    private final VersionList<FdRow> fds = new VersionList<>(f -> f.ufd, f -> f.pid);
    // Containers have no pid: one bucket for all.
    private final VersionList<ContainerRow> containers = new VersionList<>(c -> c.ucid, c -> 0);
    private final Map<Integer, UserEntry> users = new TreeMap<>();
    private final Map<Integer, String> groups = new TreeMap<>();

    /** tsSamples[i] = ts of event i * TS_SAMPLE_SPACING + 1. */
    private long[] tsSamples = new long[1024];
    private long lastNum;
    private long firstTs;
    private long lastTs;

    public VersionList<ProcessRow> processes() {
        return processes;
    }

    public VersionList<ThreadRow> threads() {
        return threads;
    }

    public VersionList<FdRow> fds() {
        return fds;
    }

    public VersionList<ContainerRow> containers() {
        return containers;
    }

    public Map<Integer, UserEntry> users() {
        return users;
    }

    public Map<Integer, String> groups() {
        return groups;
    }

    /** The number of the last event indexed; 0 for an empty capture. */
    public long lastNum() {
        return lastNum;
    }

    public long firstTs() {
        return firstTs;
    }

    public long lastTs() {
        return lastTs;
    }

    /** Records that event {@code num} has been applied; events arrive in order, without gaps. */
    public void endOfEvent(long num, long ts) {
        if (num != lastNum + 1) {
            throw new IllegalStateException("event " + num + " follows " + lastNum);
        }
        if (num == 1) {
            firstTs = ts;
        }
        lastNum = num;
        lastTs = ts;
        if ((num - 1) % TS_SAMPLE_SPACING == 0) {
            int i = (int) ((num - 1) / TS_SAMPLE_SPACING);
            if (i == tsSamples.length) {
                tsSamples = Arrays.copyOf(tsSamples, i * 2);
            }
            tsSamples[i] = ts;
        }
        processes.endOfEvent(num);
        threads.endOfEvent(num);
        fds.endOfEvent(num);
        containers.endOfEvent(num);
    }

    /**
     * The first event of the stretch of at most {@link #TS_SAMPLE_SPACING} events that holds the last
     * event with {@code ts <= t}, or 0 when even the first event is later than {@code t}. Timestamps are
     * non-decreasing in journal order, so the caller finds the exact event by reading forward from it.
     */
    public long sampleAtOrBefore(long t) {
        int samples = sampleCount();
        int lo = 0;
        int hi = samples - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (tsSamples[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : (long) found * TS_SAMPLE_SPACING + 1;
    }

    int sampleCount() {
        return lastNum == 0 ? 0 : (int) ((lastNum - 1) / TS_SAMPLE_SPACING) + 1;
    }

    long[] tsSamples() {
        return tsSamples;
    }

    void restoreClock(long[] samples, long lastNum, long firstTs, long lastTs) {
        this.tsSamples = samples.length == 0 ? new long[1024] : samples;
        this.lastNum = lastNum;
        this.firstTs = firstTs;
        this.lastTs = lastTs;
    }

    /**
     * The events that ended a process (the procexit of its last thread, where its version marked exited
     * begins), ascending: what tells a process's end from its threads' ends without reading events.
     */
    public long[] processEnds() {
        return processes.all().stream().filter(p -> p.exited).mapToLong(p -> p.validFromNum).sorted().toArray();
    }

    /** The processes, threads, fds and containers valid right after event {@code num} was applied. */
    public StateAt at(long num) {
        return new StateAt(num, processes.validAt(num), threads.validAt(num), fds.validAt(num),
                containers.validAt(num));
    }

    /** Rows of one instant; lists are ordered by upid, utid, ufd and ucid. */
    public record StateAt(long num, List<ProcessRow> processes, List<ThreadRow> threads, List<FdRow> fds,
            List<ContainerRow> containers) {
    }

    /** An /etc/passwd entry as it was at capture start. */
    public record UserEntry(int uid, int gid, String name, String home, String shell) {
    }
}
