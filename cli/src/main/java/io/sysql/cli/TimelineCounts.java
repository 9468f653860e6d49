package io.sysql.cli;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.jdbc.SysqlDriver;
import io.sysql.storage.Capture;
import io.sysql.storage.columns.Column;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.storage.journal.Journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The timeline's numbers: the calls (not the snapshot's state nor the capture's own events) of a time span
 * in equal slices, per category or per process, with each slice's failed calls, first call and first
 * failed call. They are what {@link #sql} computes, counted in one pass over the capture's scan columns
 * (ts, pid and the head's type and errno: ~16 bytes an event) and the journal for the events the columns
 * do not hold, because that SQL groups by an expression, which no scan of the columns answers: it reads
 * every event whole (~10 s at 10 M events), this pass ~0.2 s, so the ui counts each span and zoom on demand.
 */
final class TimelineCounts {
    /** What the calls of a slice are stacked by. */
    enum By {
        CATEGORY("category"), PROCESS("pid");

        final String column;

        By(String column) {
            this.column = column;
        }

        static By of(String name) {
            for (By by : values()) {
                if (by.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return by;
                }
            }
            return null;
        }
    }

    /** Processes drawn on their own when stacked by process; the others are added up as one. */
    static final int TOP_PROCESSES = HtmlReport.PROCESS_COLORS.size();

    final long from;
    final long to;
    /** Nanoseconds per slice. */
    final long width;
    /** Per category (by ordinal): its calls per slice. */
    private final long[][] categoryCalls = new long[EventKind.Category.values().length][];
    /** Per process (pids in the order first met): its calls per slice. */
    private final List<long[]> processCalls = new ArrayList<>();
    private final List<Integer> pids = new ArrayList<>();
    /** Per pid, its key + 1 (0: no call yet); grown to the largest pid met (at most the kernel's pid_max). */
    private int[] keyOfPid = new int[1 << 12];
    /** Keys of the pids no array holds (negative ones, as an imported capture may have). */
    private final Map<Integer, Integer> otherKeyOfPid = new HashMap<>();
    final long[] failed;
    /** Per slice, its first call's and first failed call's event number; {@link Long#MAX_VALUE} when none. */
    final long[] firstNum;
    final long[] firstFailedNum;
    /** The span's last event (0 when none). */
    long lastNum;

    private TimelineCounts(long from, long to, int slices) {
        this.from = from;
        this.to = to;
        this.width = Math.max(1, (to - from + slices - 1) / slices);
        this.failed = new long[slices];
        this.firstNum = new long[slices];
        this.firstFailedNum = new long[slices];
        Arrays.fill(firstNum, Long.MAX_VALUE);
        Arrays.fill(firstFailedNum, Long.MAX_VALUE);
        for (int c = 0; c < categoryCalls.length; c++) {
            categoryCalls[c] = new long[slices];
        }
    }

    /** The capture behind {@code connection}; a timeline is one capture's (its event numbers are). */
    static Capture captureOf(Connection connection) throws SQLException {
        try {
            return SysqlDriver.schema(connection).capture();
        } catch (SQLException | ClassCastException several) { // a fleet's schema is not one capture's
            throw new SQLException("the timeline is one capture's: give one capture directory, not several", several);
        }
    }

    /** Counts the calls from time {@code from} until before {@code to} (ns since the epoch) in {@code slices} slices. */
    static TimelineCounts count(Capture capture, long from, long to, int slices) {
        TimelineCounts counts = new TimelineCounts(from, to, slices);
        counts.lastNum = capture.lastNumAtOrBefore(to - 1);
        counts.countRange(capture, capture.lastNumAtOrBefore(from - 1) + 1, counts.lastNum);
        return counts;
    }

    /**
     * The span of the capture's calls, from its first call's time until just after its last's (the snapshot
     * before them and the capture's own events after them left out); null when it has no call. Read from both
     * ends, so it costs the events before the first call and after the last.
     */
    static long[] callSpan(Capture capture) {
        long last = capture.refresh();
        long[] first = null;
        Event e = new Event();
        try (Journal.Cursor cursor = capture.events(1)) {
            while (first == null && cursor.nextHead(e) && e.num <= last) {
                if (isCall(e.kind.category())) {
                    first = new long[] {e.ts, e.ts + 1};
                }
            }
        }
        if (first == null) {
            return null;
        }
        HeadColumns columns = capture.columns();
        long columnsLast = Math.min(last, columns.rows());
        // Beyond the columns (a capture being recorded), forward from their end; within them, backward from it.
        boolean found = false;
        try (Journal.Cursor cursor = capture.events(columnsLast + 1)) {
            while (cursor.nextHead(e) && e.num <= last) {
                if (isCall(e.kind.category())) {
                    first[1] = e.ts + 1;
                    found = true;
                }
            }
        }
        String[] types = columns.typeNames();
        int block = 1 << 12;
        for (long to = columnsLast; !found && to > 0; to -= block) {
            HeadColumns.Reader r = columns.reader(Math.max(1, to - block + 1), to, EnumSet.of(Column.TS));
            r.nextBlock();
            for (int i = r.blockRows() - 1; i >= 0 && !found; i--) {
                int type = r.typeId(i);
                if (type < types.length && isCall(EventKinds.of(types[type]).category())) {
                    first[1] = Math.max(first[1], r.ts()[i] + 1);
                    found = true;
                }
            }
        }
        return first;
    }

    private static boolean isCall(EventKind.Category c) {
        return c != EventKind.Category.SNAPSHOT && c != EventKind.Category.META;
    }

    /** The SQL whose answer the counts are, stacked {@code by} (by slice and key; the page shows the slices' sums). */
    String sql(By by) {
        return """
                SELECT (ts - %d) / %d AS slice, %s, COUNT(*) AS calls,
                       SUM(CASE WHEN failed THEN 1 ELSE 0 END) AS failed,
                       MIN(num) AS first_num, MIN(CASE WHEN failed THEN num END) AS first_failed_num
                FROM events
                WHERE %s AND ts >= %d AND ts < %d
                GROUP BY (ts - %d) / %d, %s""".formatted(from, width, by.column, HtmlReport.CALLS, from, to, from,
                width, by.column);
    }

    int slices() {
        return failed.length;
    }

    private void countRange(Capture capture, long first, long last) {
        HeadColumns columns = capture.columns();
        long columnsLast = Math.min(last, columns.rows());
        EventKind[] kinds = new EventKind[0];
        Event e = new Event();
        HeadColumns.Reader r = columns.reader(first, columnsLast, EnumSet.of(Column.TS, Column.PID));
        while (r.nextBlock()) {
            long[] ts = r.ts();
            int[] pid = r.pid();
            for (int i = 0, rows = r.blockRows(); i < rows; i++) {
                int type = r.typeId(i);
                int errno = r.errno(i);
                if (type == HeadColumns.ESCAPE || errno == HeadColumns.ESCAPE) {
                    readJournal(capture, r.blockFirst() + i, r.blockFirst() + i, e);
                    continue;
                }
                if (type >= kinds.length) {
                    kinds = Arrays.stream(columns.typeNames()).map(EventKinds::of).toArray(EventKind[]::new);
                }
                add(r.blockFirst() + i, ts[i], kinds[type].category(), pid[i], errno != 0);
            }
        }
        if (columnsLast < last) {
            readJournal(capture, Math.max(first, columnsLast + 1), last, e);
        }
    }

    private void readJournal(Capture capture, long first, long last, Event e) {
        try (Journal.Cursor cursor = capture.events(first)) {
            while (cursor.nextHead(e) && e.num <= last) {
                add(e.num, e.ts, e.kind.category(), e.pid, e.returned() && e.failed());
            }
        }
    }

    private void add(long num, long ts, EventKind.Category category, int pid, boolean failedCall) {
        if (!isCall(category) || ts < from || ts >= to) {
            return;
        }
        int slice = (int) ((ts - from) / width);
        categoryCalls[category.ordinal()][slice]++;
        processCalls.get(keyOf(pid))[slice]++;
        firstNum[slice] = Math.min(firstNum[slice], num);
        if (failedCall) {
            failed[slice]++;
            firstFailedNum[slice] = Math.min(firstFailedNum[slice], num);
        }
    }

    private int keyOf(int pid) {
        if (pid < 0) {
            return otherKeyOfPid.computeIfAbsent(pid, this::newKey);
        }
        if (pid >= keyOfPid.length) {
            keyOfPid = Arrays.copyOf(keyOfPid, Integer.highestOneBit(pid) << 1);
        }
        int key = keyOfPid[pid] - 1;
        if (key < 0) {
            key = newKey(pid);
            keyOfPid[pid] = key + 1;
        }
        return key;
    }

    private int newKey(int pid) {
        pids.add(pid);
        processCalls.add(new long[failed.length]);
        return processCalls.size() - 1;
    }

    /** Calls of category {@code c} per slice. */
    long[] callsOf(EventKind.Category c) {
        return categoryCalls[c.ordinal()];
    }

    /** The processes with the most calls in the span, most first, at most {@code n}. */
    List<Integer> topProcesses(int n) {
        List<Integer> keys = new ArrayList<>();
        for (int k = 0; k < pids.size(); k++) {
            keys.add(k);
        }
        keys.sort(Comparator.comparingLong((Integer k) -> -Arrays.stream(processCalls.get(k)).sum())
                .thenComparing(pids::get));
        return keys.subList(0, Math.min(n, keys.size())).stream().map(pids::get).toList();
    }

    /** Calls of process {@code pid} per slice. */
    long[] callsOf(int pid) {
        Integer key = pid < 0 ? otherKeyOfPid.get(pid) : pid < keyOfPid.length && keyOfPid[pid] > 0 ? keyOfPid[pid] - 1 : null;
        return key == null ? new long[failed.length] : processCalls.get(key);
    }

    /** Calls of every process but {@code shown} per slice. */
    long[] callsOfOthers(List<Integer> shown) {
        long[] sum = new long[failed.length];
        for (int k = 0; k < pids.size(); k++) {
            if (!shown.contains(pids.get(k))) {
                long[] c = processCalls.get(k);
                for (int s = 0; s < sum.length; s++) {
                    sum[s] += c[s];
                }
            }
        }
        return sum;
    }

    /** Every process that made a call in the span. */
    List<Integer> processes() {
        return List.copyOf(pids);
    }
}
