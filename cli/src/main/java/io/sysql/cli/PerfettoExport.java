package io.sysql.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A capture as a Chrome JSON trace (the Trace Event format Perfetto and chrome://tracing read): each
 * process and thread a track named after it, each system call a complete slice spanning its latency,
 * calls without a latency (exits, signals) instants, and each process's open fd count a counter.
 * Times are microseconds since {@code otherData.time_origin_ns} written with three decimals, so no
 * nanosecond is lost (epoch microseconds with decimals would exceed a double's precision in readers).
 */
final class PerfettoExport implements CaptureExport {
    static final String ORIGIN_SQL = "SELECT MIN(ts - COALESCE(latency_ns, 0)) FROM events";
    static final String PROCESS_NAMES_SQL = "SELECT pid, name FROM processes_history ORDER BY pid, valid_from_num";
    static final String THREAD_NAMES_SQL = "SELECT pid, tid, name FROM threads_history ORDER BY pid, tid, valid_from_num";
    static final String EVENTS_SQL = "SELECT num, ts, latency_ns, pid, tid, type, res, errno_name, fd, fd_name, path,"
            + " proc_name, category FROM events";
    /** Every change of a process's fd count: +1 where an fd version starts, -1 after the event where it ends. */
    static final String FD_CHANGES_SQL = "SELECT upid, pid, valid_from_num AS num, 1 AS delta FROM fds_history"
            + " UNION ALL SELECT upid, pid, valid_to_num + 1, -1 FROM fds_history WHERE valid_to_num IS NOT NULL"
            + " ORDER BY num, upid";
    static final String FD_COUNTER = "open fds";
    /** The category of the snapshot's events: state, not calls (their fds still count from the snapshot on). */
    private static final String SNAPSHOT = "snapshot";

    @Override
    public void write(Connection capture, OutputStream out) throws SQLException, IOException {
        try (Statement st = capture.createStatement();
             JsonGenerator json = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                     .createGenerator(out, JsonEncoding.UTF8)) {
            long origin = origin(st);
            json.writeStartObject();
            json.writeStringField("displayTimeUnit", "ns");
            json.writeObjectFieldStart("otherData");
            json.writeStringField("producer", "sysql");
            json.writeNumberField("time_origin_ns", origin);
            json.writeEndObject();
            json.writeArrayFieldStart("traceEvents");
            Set<List<Integer>> named = writeTrackNames(st, json);
            FdChanges fds = FdChanges.read(st);
            writeCalls(st, json, origin, fds, named);
            fds.writeCounters(json, origin);
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static long origin(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery(ORIGIN_SQL)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The latest name of each pid and thread names the track (a reused pid shows its last process's name). */
    private static Set<List<Integer>> writeTrackNames(Statement st, JsonGenerator json)
            throws SQLException, IOException {
        Map<Integer, String> processes = new LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery(PROCESS_NAMES_SQL)) {
            while (rs.next()) {
                processes.put(rs.getInt(1), rs.getString(2));
            }
        }
        Map<List<Integer>, String> threads = new LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery(THREAD_NAMES_SQL)) {
            while (rs.next()) {
                threads.put(List.of(rs.getInt(1), rs.getInt(2)), rs.getString(3));
            }
        }
        // tid 0: a process's name is no thread's (readers make a thread track of any tid they see).
        for (Map.Entry<Integer, String> p : processes.entrySet()) {
            writeName(json, "process_name", p.getKey(), 0, p.getValue());
        }
        for (Map.Entry<List<Integer>, String> t : threads.entrySet()) {
            writeName(json, "thread_name", t.getKey().get(0), t.getKey().get(1), t.getValue());
        }
        return new HashSet<>(threads.keySet());
    }

    private static void writeName(JsonGenerator json, String kind, int pid, int tid, String name) throws IOException {
        json.writeStartObject();
        json.writeStringField("ph", "M");
        json.writeStringField("cat", "__metadata");
        json.writeStringField("name", kind);
        json.writeNumberField("pid", pid);
        json.writeNumberField("tid", tid);
        json.writeObjectFieldStart("args");
        json.writeStringField("name", name == null ? "" : name);
        json.writeEndObject();
        json.writeEndObject();
    }

    /**
     * The calls; a thread that made calls but has no history (it came and went between the snapshot's reads
     * of /proc) is named after the process name its first call carries. The capture's own events (pid 0,
     * capture_end) are no process's.
     */
    private static void writeCalls(Statement st, JsonGenerator json, long origin, FdChanges fds,
                                   Set<List<Integer>> named) throws SQLException, IOException {
        try (ResultSet rs = st.executeQuery(EVENTS_SQL)) {
            while (rs.next()) {
                long num = rs.getLong(1);
                long ts = rs.getLong(2);
                long latency = rs.getLong(3);
                boolean slice = !rs.wasNull();
                fds.seen(num, ts);
                String type = rs.getString(6);
                int pid = rs.getInt(4);
                int tid = rs.getInt(5);
                String category = rs.getString(13);
                if (category.equals(SNAPSHOT) || pid == 0) {
                    continue;
                }
                if (named.add(List.of(pid, tid))) {
                    writeName(json, "thread_name", pid, tid, rs.getString(12));
                }
                json.writeStartObject();
                json.writeStringField("ph", slice ? "X" : "i");
                json.writeStringField("name", type);
                json.writeStringField("cat", category);
                json.writeNumberField("pid", pid);
                json.writeNumberField("tid", tid);
                if (slice) {
                    json.writeFieldName("ts");
                    json.writeNumber(micros(ts - latency - origin));
                    json.writeFieldName("dur");
                    json.writeNumber(micros(latency));
                } else {
                    json.writeStringField("s", "t");
                    json.writeFieldName("ts");
                    json.writeNumber(micros(ts - origin));
                }
                json.writeObjectFieldStart("args");
                json.writeNumberField("num", num);
                json.writeNumberField("res", rs.getLong(7));
                writeIfPresent(json, "errno", rs.getString(8));
                int fd = rs.getInt(9);
                if (!rs.wasNull()) {
                    json.writeNumberField("fd", fd);
                }
                writeIfPresent(json, "fd_name", rs.getString(10));
                writeIfPresent(json, "path", rs.getString(11));
                json.writeEndObject();
                json.writeEndObject();
            }
        }
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    /** Nanoseconds as microseconds with three decimals, written exactly. */
    static String micros(long ns) {
        String sign = ns < 0 ? "-" : "";
        long abs = Math.abs(ns);
        return sign + abs / 1000 + "." + String.format("%03d", abs % 1000);
    }

    /**
     * The fd count changes, ordered by event number, and the time of each event where one happens (learnt
     * while the events stream past, in whatever order they come, so no sort of the events is needed).
     */
    private static final class FdChanges {
        private long[] nums = new long[1024];
        private long[] upids = new long[1024];
        private int[] pids = new int[1024];
        private byte[] deltas = new byte[1024];
        private int size;
        /** The distinct event numbers of {@link #nums}, ascending, and each one's ts once seen (-1 before). */
        private long[] points;
        private long[] pointTs;

        static FdChanges read(Statement st) throws SQLException {
            FdChanges c = new FdChanges();
            try (ResultSet rs = st.executeQuery(FD_CHANGES_SQL)) {
                while (rs.next()) {
                    c.add(rs.getLong(1), rs.getInt(2), rs.getLong(3), (byte) rs.getInt(4));
                }
            }
            c.points = Arrays.stream(c.nums, 0, c.size).distinct().toArray();
            c.pointTs = new long[c.points.length];
            Arrays.fill(c.pointTs, -1);
            return c;
        }

        private void add(long upid, int pid, long num, byte delta) {
            if (size == nums.length) {
                int n = size * 2;
                nums = Arrays.copyOf(nums, n);
                upids = Arrays.copyOf(upids, n);
                pids = Arrays.copyOf(pids, n);
                deltas = Arrays.copyOf(deltas, n);
            }
            nums[size] = num;
            upids[size] = upid;
            pids[size] = pid;
            deltas[size] = delta;
            size++;
        }

        void seen(long num, long ts) {
            int i = Arrays.binarySearch(points, num);
            if (i >= 0) {
                pointTs[i] = ts;
            }
        }

        /**
         * One counter sample per process and instant where its count changed (the snapshot's many fds of one
         * process share its instant: one sample); changes after the last event have no time and are left out.
         */
        void writeCounters(JsonGenerator json, long origin) throws IOException {
            Map<Long, Integer> open = new HashMap<>();
            Map<Long, long[]> pending = new LinkedHashMap<>();
            Map<Long, Long> written = new HashMap<>();
            int point = 0;
            for (int i = 0; i < size; ) {
                long num = nums[i];
                long upid = upids[i];
                int count = open.getOrDefault(upid, 0);
                for (; i < size && nums[i] == num && upids[i] == upid; i++) {
                    count += deltas[i];
                }
                open.put(upid, count);
                while (points[point] != num) {
                    point++;
                }
                long ts = pointTs[point];
                if (ts < 0) {
                    continue;
                }
                long[] sample = pending.get(upid);
                if (sample != null && sample[0] != ts) {
                    writeCounter(json, origin, sample, written);
                }
                pending.put(upid, new long[] {ts, count, pids[i - 1]});
            }
            for (long[] sample : pending.values()) {
                writeCounter(json, origin, sample, written);
            }
        }

        /** A sample {ts, count, pid}, unless it repeats the process's last one. */
        private static void writeCounter(JsonGenerator json, long origin, long[] sample, Map<Long, Long> written)
                throws IOException {
            long pid = sample[2];
            if (written.containsKey(pid) && written.get(pid) == sample[1]) {
                return;
            }
            written.put(pid, sample[1]);
            json.writeStartObject();
            json.writeStringField("ph", "C");
            json.writeStringField("name", FD_COUNTER);
            json.writeStringField("cat", "fd");
            json.writeNumberField("pid", pid);
            json.writeFieldName("ts");
            json.writeNumber(micros(sample[0] - origin));
            json.writeObjectFieldStart("args");
            json.writeNumberField("fds", sample[1]);
            json.writeEndObject();
            json.writeEndObject();
        }
    }
}
