package io.sysql.cli;

import io.sysql.storage.Capture;
import io.sysql.storage.history.FdRow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The open fds of some processes over a timeline's slices: per process (upid) and slice, the most it had
 * open at once in the slice, i.e. the largest {@code SELECT COUNT(*) FROM fds AS OF n WHERE upid = u} over
 * the slice's events n and the event just before the slice (what it had when the slice began). Counted
 * from the fd versions {@link #sql} selects (one version of an fd holds from its {@code valid_from_num} to its
 * {@code valid_to_num}, and at any point exactly one version of each open fd does), read from the capture's
 * history by pid: that SQL builds every fd row of the capture to keep a few processes' (~0.3 s at 10 M
 * events, on every zoom), this reads only theirs.
 */
final class FdCounts {
    /** The event just before the first slice: what the processes had open when the span began is AS OF it. */
    final long before;
    /** Per slice, its last event: the slice holds the events after the previous slice's last, up to it. */
    final long[] lastNums;
    private final Map<Long, int[]> most = new HashMap<>();

    private FdCounts(long before, long[] lastNums) {
        this.before = before;
        this.lastNums = lastNums;
    }

    /** Counts the open fds of the processes {@code pidOfUpid} names (upid to its pid) in the slices of {@code counts}. */
    static FdCounts count(Capture capture, TimelineCounts counts, Map<Long, Integer> pidOfUpid) {
        long[] lastNums = new long[counts.slices()];
        for (int s = 0; s < lastNums.length; s++) {
            lastNums[s] = capture.lastNumAtOrBefore(Math.min(counts.to, counts.from + (s + 1) * counts.width) - 1);
        }
        FdCounts fds = new FdCounts(capture.lastNumAtOrBefore(counts.from - 1), lastNums);
        long last = lastNums[lastNums.length - 1];
        pidOfUpid.forEach((upid, pid) -> {
            List<long[]> changes = new ArrayList<>();
            capture.read(i -> {
                i.fds().forEachOfPid(pid, (FdRow v) -> {
                    if (v.upid == upid && !v.isEmpty() && v.validFromNum <= last && v.validToNum() >= fds.before) {
                        changes.add(new long[] {Math.max(v.validFromNum, fds.before), 1});
                        if (v.validToNum() < last) {
                            changes.add(new long[] {v.validToNum() + 1, -1});
                        }
                    }
                });
                return null;
            });
            fds.most.put(upid, fds.most(changes));
        });
        return fds;
    }

    /** The statement selecting the fd versions the counts of {@code upids} are made of. */
    String sql(List<Long> upids) {
        return """
                SELECT upid, valid_from_num, valid_to_num
                FROM fds_history
                WHERE upid IN (%s) AND valid_from_num <= %d AND (valid_to_num IS NULL OR valid_to_num >= %d)
                ORDER BY upid, valid_from_num""".formatted(upids.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")), lastNums[lastNums.length - 1], before);
    }

    /**
     * The most open at once per slice, from a process's changes of its count (+1 or -1 at an event; a
     * version that held at {@link #before} counted from it). A slice starts with the count it is given by the
     * slices before it; an event's changes apply together (dup2 onto an open fd closes one and opens one), so
     * only the counts after whole events are compared.
     */
    private int[] most(List<long[]> changes) {
        changes.sort((a, b) -> Long.compare(a[0], b[0]));
        int[] most = new int[lastNums.length];
        int open = 0;
        int i = 0;
        while (i < changes.size() && changes.get(i)[0] <= before) {
            open += (int) changes.get(i++)[1];
        }
        int slice = 0;
        most[0] = open;
        while (i < changes.size()) {
            long num = changes.get(i)[0];
            for (int at = sliceOf(num); slice < at; ) {
                most[++slice] = open;
            }
            while (i < changes.size() && changes.get(i)[0] == num) {
                open += (int) changes.get(i++)[1];
            }
            most[slice] = Math.max(most[slice], open);
        }
        while (slice < most.length - 1) {
            most[++slice] = open;
        }
        return most;
    }

    /** The slice of event {@code num} (after {@link #before}, at most the last slice's last event). */
    private int sliceOf(long num) {
        int i = Arrays.binarySearch(lastNums, num);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && lastNums[i - 1] == num) {
            i--; // slices without events share their last event with the slice before them
        }
        return i;
    }

    /** The most fds process {@code upid} had open at once in each slice. */
    int[] mostOpen(long upid) {
        return most.getOrDefault(upid, new int[lastNums.length]);
    }
}
