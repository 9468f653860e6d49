package io.sysql.bench;

import io.sysql.capture.event.Event;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureWriter;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.storage.history.HistoryIndexFile;
import io.sysql.storage.journal.Journal;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The figures of issue 6, each beside a baseline measured in the same run: ingest, open, AS OF,
 * per-row time travel, scans against DuckDB, disk use and peak heap. Repeated measurements report the
 * best and the median.
 */
public final class Bench {
    static final String FAILED_BY_TYPE = "SELECT type, count(*) FROM events WHERE failed GROUP BY type";
    static final String TS_RANGE = "SELECT count(*), sum(res) FROM events WHERE ts BETWEEN ? AND ?";
    /** {@code sysql top --by bytes} over a window: the files that moved the most data. */
    static final String TOP_FILES = "SELECT fd_name AS file, sum(res) AS bytes FROM events"
            + " WHERE ts BETWEEN ? AND ? AND fd_type = 'file' AND res > 0 AND type IN ('read', 'write')"
            + " GROUP BY fd_name ORDER BY bytes DESC, file LIMIT 10";
    static final String FAILED_BY_ERRNO = "SELECT type, errno, count(*) FROM events WHERE failed"
            + " AND ts BETWEEN ? AND ? GROUP BY type, errno";
    private static final int AS_OF_SAMPLES = 200;
    private static final int PER_ROW_POINTS = 10_000;

    private final long events;
    private final long seed;
    private final int runs;
    /** Untimed runs of each query before the timed ones: the figures are of a warm JVM, for both engines. */
    private final int warmup;
    private final Path work;
    private final PrintStream log;
    private final List<Figure> figures = new ArrayList<>();

    public Bench(long events, long seed, int runs, int warmup, Path work, PrintStream log) {
        this.events = events;
        this.seed = seed;
        this.runs = runs;
        this.warmup = warmup;
        this.work = work;
        this.log = log;
    }

    /** Runs every measurement, or only {@code only} (ingest, open, asof, perrow, scans) after the ingest. */
    public List<Figure> run(String only) throws IOException, SQLException {
        Path dir = work.resolve("capture");
        ingest(dir);
        disk(dir);
        if ("ingest".equals(only)) {
            return figures;
        }
        try (Capture capture = Capture.open(dir)) {
            if (only == null || only.equals("open")) {
                open(dir, capture);
            }
            if (only == null || only.equals("asof")) {
                asOf(dir, capture);
            }
            if (only == null || only.equals("perrow")) {
                perRow(dir, capture);
            }
            if (only == null || only.equals("scans")) {
                scans(dir, capture);
            }
        }
        return figures;
    }

    // ------------------------------------------------------------------ (1) ingest

    private void ingest(Path dir) {
        double[] rates = new double[runs];
        double[] cpuRates = new double[runs];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < runs; i++) {
            SyntheticWorkload w = new SyntheticWorkload(seed, events);
            HeapPeak.reset();
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            try (CaptureWriter writer = CaptureWriter.create(dir, true, "synthetic", "sysql bench")) {
                w.emit(writer);
            }
            cpuRates[i] = events / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
            rates[i] = events / seconds(start);
            log.printf("ingest run %d: %.0f events/s, %.0f per CPU-second, peak heap %d MB%n", i + 1, rates[i],
                    cpuRates[i], HeapPeak.megabytes());
        }
        long heap = HeapPeak.megabytes();
        SyntheticWorkload alone = new SyntheticWorkload(seed, events);
        long start = System.nanoTime();
        long[] sink = new long[1];
        alone.emit(e -> sink[0] += e.ts);
        double generator = events / seconds(start);
        double best = Arrays.stream(rates).max().orElse(0);
        figures.add(Figure.rate("ingest (journal + history index), best of " + runs, best, "events/s",
                "generator alone", generator, ">= 2,000,000 events/s", best >= 2_000_000));
        figures.add(Figure.rate("ingest, median of " + runs, new Stats(rates).percentile(50), "events/s",
                "generator alone", generator, "", true));
        // The writing thread's CPU time: on a shared machine, wall time mostly measures the neighbours.
        figures.add(Figure.rate("ingest, events per CPU-second of the writing thread, best of " + runs,
                Arrays.stream(cpuRates).max().orElse(0), "events/s", "generator alone", generator, "", true));
        figures.add(new Figure("peak heap: ingest", heap, "MB", "", Double.NaN, Double.NaN, "-Xmx1g", true));
    }

    // ------------------------------------------------------------------ (6) disk

    private void disk(Path dir) throws IOException {
        long journal = allocatedBytes(dir.resolve(Journal.DIR_NAME));
        long index = allocatedBytes(dir.resolve(HistoryIndexFile.FILE_NAME));
        long columns = 0;
        for (String file : HeadColumns.FILES) {
            columns += allocatedBytes(dir.resolve(file));
        }
        double perEvent = (journal + index + columns) / (double) events;
        figures.add(new Figure("disk: journal " + (journal >> 20) + " MB + index " + (index >> 20) + " MB + event columns "
                + (columns >> 20) + " MB",
                perEvent, "bytes/event", "", Double.NaN, Double.NaN, "<= 64 bytes/event", perEvent <= 64));
    }

    /** Bytes the files take on disk (Chronicle's files are sparse: their length overstates them). */
    static long allocatedBytes(Path p) throws IOException {
        Process du = new ProcessBuilder("du", "-s", "-B1", p.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes()).trim();
        try {
            du.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Long.parseLong(out.split("\\s+")[0]);
    }

    // ------------------------------------------------------------------ (2) open

    private void open(Path dir, Capture capture) throws SQLException {
        double[] times = new double[runs];
        HeapPeak.reset();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            try (Connection c = connect(dir);
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM fds")) {
                rs.next();
                rs.getLong(1);
                times[i] = seconds(start);
            }
        }
        long heap = HeapPeak.megabytes();
        long start = System.nanoTime();
        Replay.fdsAt(capture, capture.lastNum(), 0);
        double replay = seconds(start);
        double best = Arrays.stream(times).min().orElse(0);
        figures.add(Figure.time("open + first query (fds), best of " + runs + ", median "
                + ms(new Stats(times).percentile(50) * 1000) + " ms", best * 1000, "ms",
                "replay of the journal", replay * 1000, "<= 1,000 ms", best <= 1.0));
        figures.add(new Figure("peak heap: open", heap, "MB", "", Double.NaN, Double.NaN, "-Xmx1g", true));
    }

    // ------------------------------------------------------------------ (3) AS OF

    private void asOf(Path dir, Capture capture) throws SQLException {
        long last = capture.lastNum();
        SplittableRandom random = new SplittableRandom(seed + 1);
        long[] points = new long[AS_OF_SAMPLES];
        int[] pids = new int[AS_OF_SAMPLES];
        Event head = new Event();
        for (int i = 0; i < points.length; i++) {
            points[i] = i == 0 ? last : 1 + random.nextLong(last);
            try (Journal.Cursor cursor = capture.events(points[i])) {
                cursor.nextHead(head);
                pids[i] = head.pid;
            }
        }
        try (Connection c = connect(dir);
             PreparedStatement byPid = c.prepareStatement("SELECT * FROM fds AS OF ? WHERE pid = ?");
             PreparedStatement whole = c.prepareStatement("SELECT * FROM fds AS OF ?")) {
            HeapPeak.reset();
            double[] pidTimes = timeAsOf(byPid, points, pids);
            double[] wholeTimes = timeAsOf(whole, points, null);
            long heap = HeapPeak.megabytes();
            double[] replay = new double[4];
            for (int i = 0; i < replay.length; i++) {
                long start = System.nanoTime();
                Replay.fdsAt(capture, points[i], pids[i]);
                replay[i] = seconds(start) * 1000;
            }
            double replayMedian = new Stats(Arrays.copyOfRange(replay, 1, 4)).percentile(50);
            double atLast = pidTimes[0];
            Stats p = new Stats(pidTimes);
            Stats w = new Stats(wholeTimes);
            figures.add(Figure.time("AS OF, fds WHERE pid = ?, p50", p.percentile(50), "ms",
                    "replay to a random point (median of 3)", replayMedian,
                    "", true));
            figures.add(Figure.time("AS OF, fds WHERE pid = ?, p99", p.percentile(99), "ms",
                    "replay to a random point (median of 3)", replayMedian,
                    "<= 20 ms", p.percentile(99) <= 20));
            figures.add(Figure.time("AS OF the last event, fds WHERE pid = ?", atLast, "ms",
                    "replay to the last event", replay[0], ">= 100x faster than replay", replay[0] / atLast >= 100));
            figures.add(Figure.time("AS OF, whole fds table, p50", w.percentile(50), "ms",
                    "replay to a random point (median of 3)", replayMedian,
                    "", true));
            figures.add(Figure.time("AS OF, whole fds table, p99 (max " + ms(w.max()) + ")",
                    w.percentile(99), "ms", "replay to a random point (median of 3)",
                    replayMedian, "<= 20 ms", w.percentile(99) <= 20));
            figures.add(new Figure("peak heap: AS OF", heap, "MB", "", Double.NaN, Double.NaN, "-Xmx1g", true));
        }
    }

    /** Milliseconds of each query, after a warm-up over the same points. */
    private static double[] timeAsOf(PreparedStatement ps, long[] points, int[] pids) throws SQLException {
        double[] times = new double[points.length];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < points.length; i++) {
                long start = System.nanoTime();
                ps.setLong(1, points[i]);
                if (pids != null) {
                    ps.setInt(2, pids[i]);
                }
                drain(ps.executeQuery());
                times[i] = seconds(start) * 1000;
            }
        }
        return times;
    }

    // ------------------------------------------------------------------ (4) per-row time travel

    private void perRow(Path dir, Capture capture) throws SQLException {
        long last = capture.lastNum();
        long first = Math.max(1, last / 2);
        long to = Math.min(last, first + PER_ROW_POINTS - 1);
        long points = to - first + 1;
        String range = " WHERE e.num BETWEEN " + first + " AND " + to;
        // The same question two ways: the fds of the calling process at each event. The table function
        // with the pid reads only that process's history; the join computes every process's fds per row.
        String ofProcess = "SELECT count(*) FROM events e, LATERAL TABLE(fds_at(e.num, e.pid)) f" + range;
        String join = "SELECT count(*) FROM events e JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num) f ON f.pid = e.pid"
                + range;
        long start = System.nanoTime();
        long replayRows = Replay.fdsOfEachEvent(capture, first, to);
        double replay = points / seconds(start);
        for (String[] form : new String[][] {{"fds_at(e.num, e.pid)", ofProcess}, {"JOIN ... AS OF EVT(e.num)", join}}) {
            double[] rates = new double[runs];
            double[] planning = new double[runs];
            long rows = 0;
            HeapPeak.reset();
            try (Connection c = connect(dir)) {
                for (int i = 0; i < warmup; i++) {
                    try (PreparedStatement ps = c.prepareStatement(form[1]); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
                for (int i = 0; i < runs; i++) {
                    long t = System.nanoTime();
                    try (PreparedStatement ps = c.prepareStatement(form[1])) {
                        planning[i] = seconds(t) * 1000;
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            rows = rs.getLong(1);
                        }
                    }
                    rates[i] = points / seconds(t);
                }
            }
            long heap = HeapPeak.megabytes();
            log.printf("per-row time travel, %s: %d rows; replay: %d (it misses the fds of a process at the event"
                    + " that ends it); planning took %.0f ms of each query (median)%n", form[0], rows, replayRows,
                    new Stats(planning).percentile(50));
            double best = Arrays.stream(rates).max().orElse(0);
            figures.add(Figure.rate("per-row time travel, " + form[0] + " (" + points + " events), best of " + runs
                    + ", median " + Math.round(new Stats(rates).percentile(50)), best, "points/s", "one replay pass",
                    replay, ">= 100,000 points/s", best >= 100_000));
            figures.add(new Figure("peak heap: per-row time travel, " + form[0], heap, "MB", "", Double.NaN,
                    Double.NaN, "-Xmx1g", true));
        }
    }

    // ------------------------------------------------------------------ (5) scans against DuckDB

    private void scans(Path dir, Capture capture) throws SQLException {
        long firstTs = capture.read(i -> i.firstTs());
        long lastTs = capture.read(i -> i.lastTs());
        long span = lastTs - firstTs;
        long from = firstTs + span * 4 / 10;
        long to = firstTs + span * 5 / 10;
        try (DuckDbEvents duck = DuckDbEvents.load(capture)) {
            log.printf("DuckDB loaded %d events in %.1f s%n", events, duck.loadSeconds());
            try (Connection c = connect(dir)) {
                Connection d = duck.connection();
                scan("aggregate: " + FAILED_BY_TYPE, FAILED_BY_TYPE, new long[0], c, d, "within 3x of DuckDB", 3);
                long[] window = {from, to};
                scan("range scan on ts (10% of the capture)", TS_RANGE, window, c, d, "within 2x of DuckDB", 2);
                scan("top files by bytes over a 10% window", TOP_FILES, window, c, d, "within 2x of DuckDB", 2);
                scan("failed calls by type and errno over a 10% window", FAILED_BY_ERRNO, window, c, d,
                        "within 2x of DuckDB", 2);
            }
        }
    }

    /**
     * One query on both engines: as a new statement each time, and, when it has {@code ?} parameters, as a
     * statement prepared once and run with them (the plan reused, as an application showing one window after
     * another would; DuckDB prepared alike). Run {@code i} of either kind moves the window by {@code i} ns, so
     * no two statements have the same text: a cache of plans by text cannot serve them.
     */
    private void scan(String name, String sql, long[] params, Connection sysql, Connection duck, String target,
            double within) throws SQLException {
        compare(name, (c, run) -> timeQuery(c, literal(sql, params, run)), sysql, duck, target, within);
        double[] planning = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            sysql.prepareStatement(literal(sql, params, -1 - i)).close();
            planning[i] = seconds(start) * 1000;
        }
        log.printf("%s: preparing %.2f ms of each new sysql statement (median)%n", name,
                new Stats(planning).percentile(50));
        for (int run : new int[] {0, warmup + runs - 1}) {
            List<String> ourRows = rows(sysql, literal(sql, params, run));
            List<String> theirRows = rows(duck, literal(sql, params, run));
            if (!ourRows.equals(theirRows)) {
                throw new IllegalStateException(name + ": sysql answered " + ourRows + ", DuckDB " + theirRows);
            }
        }
        if (params.length > 0) {
            try (PreparedStatement ours = sysql.prepareStatement(sql);
                 PreparedStatement theirs = duck.prepareStatement(sql)) {
                compare(name + ", prepared once", (c, run) -> timePrepared(c == sysql ? ours : theirs, params, run),
                        sysql, duck, target, within);
            }
        }
    }

    /** {@code sql} with its parameters written in as literals, each moved by {@code shift}. */
    private static String literal(String sql, long[] params, long shift) {
        String text = sql;
        for (long p : params) {
            text = text.replaceFirst("\\?", String.valueOf(p + shift));
        }
        return text;
    }

    private void compare(String name, Timing timing, Connection sysql, Connection duck, String target, double within)
            throws SQLException {
        double[] ours = new double[runs];
        double[] theirs = new double[runs];
        HeapPeak.reset();
        for (int i = 0; i < warmup; i++) {
            timing.millis(sysql, i);
        }
        for (int i = 0; i < runs; i++) {
            ours[i] = timing.millis(sysql, warmup + i);
        }
        long heap = HeapPeak.megabytes();
        for (int i = 0; i < warmup; i++) {
            timing.millis(duck, i);
        }
        for (int i = 0; i < runs; i++) {
            theirs[i] = timing.millis(duck, warmup + i);
        }
        double best = Arrays.stream(ours).min().orElse(0);
        double duckBest = Arrays.stream(theirs).min().orElse(0);
        double median = new Stats(ours).percentile(50);
        double duckMedian = new Stats(theirs).percentile(50);
        boolean met = Double.isNaN(within) || best <= within * duckBest;
        figures.add(Figure.time(name + ", best of " + runs + ", median " + ms(median) + " ms"
                + (met && median > within * duckMedian ? " (met by the best only)" : ""),
                best, "ms", "DuckDB in memory, best (median " + ms(duckMedian) + " ms)",
                duckBest, target, met));
        figures.add(new Figure("peak heap: " + name, heap, "MB", "", Double.NaN, Double.NaN, "-Xmx1g", true));
    }

    /** Milliseconds run {@code run} of a query takes on a connection. */
    @FunctionalInterface
    private interface Timing {
        double millis(Connection c, int run) throws SQLException;
    }

    private static double timePrepared(PreparedStatement ps, long[] params, long shift) throws SQLException {
        long start = System.nanoTime();
        for (int i = 0; i < params.length; i++) {
            ps.setLong(i + 1, params[i] + shift);
        }
        drain(ps.executeQuery());
        return seconds(start) * 1000;
    }

    /** The rows of a query as text, in order when it orders them, else sorted. */
    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        if (!sql.contains("ORDER BY")) {
            rows.sort(null);
        }
        return rows;
    }

    static double timeQuery(Connection c, String sql) throws SQLException {
        long start = System.nanoTime();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            drain(rs);
        }
        return seconds(start) * 1000;
    }

    // ------------------------------------------------------------------ helpers

    private static Connection connect(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:sysql:" + dir);
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rs.getObject(i);
                }
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String ms(double v) {
        return String.format("%.1f", v);
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var all = Files.walk(p)) {
                for (Path q : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }
}
