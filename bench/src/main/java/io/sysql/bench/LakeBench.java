package io.sysql.bench;

import com.sun.management.OperatingSystemMXBean;
import io.sysql.capture.event.Event;
import io.sysql.lake.LakeExport;
import io.sysql.lake.LakeSql;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureWriter;
import io.sysql.storage.journal.Journal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The lake export's figures (BENCHMARKS.md, issue 20): export speed, Parquet's size against the journal's,
 * and the same questions asked of sysql over the capture and of DuckDB over the export. Run by
 * {@code bench/lake-bench.sh EVENTS RUNS}: a synthetic capture of EVENTS events (the generator of
 * {@code sysql bench}), exported once to warm up and then RUNS times, each query warmed up and then timed RUNS
 * times (best kept). The export's CPU is the whole process's (its writing threads, the JIT's and the GC's).
 */
public final class LakeBench {
    private static final String CAPTURE = "synthetic";

    private LakeBench() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path duckdbSql = Path.of(System.getProperty("sysql.home", ".")).resolve("lake/sql/duckdb.sql");
        Path work = Files.createTempDirectory("sysql-lake-bench");
        try {
            Path dir = work.resolve(CAPTURE);
            try (CaptureWriter writer = CaptureWriter.create(dir, true, "synthetic", "sysql lake bench")) {
                new SyntheticWorkload(42, events).emit(writer);
            }
            double floor = readAlone(dir, runs);
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double best = 0;
            double bestCpu = 0;
            Path lake = work.resolve("lake");
            LakeExport.Summary summary = null;
            LakeExport.write(List.of(dir), lake, (c, done, total) -> { }); // warm-up: the JIT compiles the writer
            for (int i = 0; i < runs; i++) {
                deleteTree(lake);
                long start = System.nanoTime();
                long cpu = os.getProcessCpuTime();
                summary = LakeExport.write(List.of(dir), lake, (c, done, total) -> { });
                double rate = events / ((System.nanoTime() - start) / 1e9);
                double cpuRate = events / ((os.getProcessCpuTime() - cpu) / 1e9);
                System.out.printf("export run %d: %,.0f events/s (%,.0f per CPU-second of the process, all its"
                        + " threads)%n", i + 1, rate, cpuRate);
                best = Math.max(best, rate);
                bestCpu = Math.max(bestCpu, cpuRate);
            }
            long journal = Bench.allocatedBytes(dir.resolve(Journal.DIR_NAME));
            long capture = Bench.allocatedBytes(dir);
            System.out.printf("export, best of %d: %,.0f events/s wall (%,.0f per CPU-second, on %d threads); target"
                    + " >= 1,000,000; reading the journal alone: %,.0f per CPU-second%n", runs, best, bestCpu,
                    Runtime.getRuntime().availableProcessors(), floor);
            System.out.printf("size: Parquet %,d bytes (%.1f bytes/event, %d files) vs journal %,d bytes (%.1f)"
                            + " and whole capture %,d bytes (%.1f); target Parquet <= journal%n", summary.bytes(),
                    summary.bytes() / (double) events, summary.files(), journal, journal / (double) events, capture,
                    capture / (double) events);
            queries(dir, lake, duckdbSql, runs);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * The export's floor: decoding every event of the journal whole and nothing else, on one thread; best of
     * runs, in events per CPU-second of that thread.
     */
    private static double readAlone(Path dir, int runs) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = 0;
        try (Capture c = Capture.open(dir)) {
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                long read = 0;
                Event event = new Event();
                try (Journal.Cursor cursor = c.events(1)) {
                    while (cursor.next(event)) {
                        read++;
                    }
                }
                double rate = read / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
                System.out.printf("reading the journal alone, run %d: %,.0f events/s (%,.0f per CPU-second)%n", i + 1,
                        read / ((System.nanoTime() - start) / 1e9), rate);
                best = Math.max(best, rate);
            }
        }
        return best;
    }

    /** The same questions of sysql (over the capture) and DuckDB (over the export), best of runs after a warm-up. */
    private static void queries(Path dir, Path lake, Path duckdbSql, int runs) throws Exception {
        long last;
        String middle;
        try (Capture c = Capture.open(dir)) {
            last = c.lastNum();
            long ts = c.read(i -> (i.firstTs() + i.lastTs()) / 2);
            middle = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC)
                    .format(Instant.ofEpochSecond(0, ts));
        }
        long n = last / 2;
        String[][] questions = {
                {"fds AS OF event n (count)", "SELECT count(*) FROM fds AS OF " + n,
                        "SELECT count(*) FROM fds_at('" + CAPTURE + "', " + n + ")"},
                {"processes AS OF TIMESTAMP (count)", "SELECT count(*) FROM processes AS OF TIMESTAMP '" + middle + "'",
                        "SELECT count(*) FROM processes_as_of(TIMESTAMP '" + middle + "')"},
                {"events per type", "SELECT type, count(*) FROM events GROUP BY type",
                        "SELECT type, count(*) FROM events GROUP BY type"},
        };
        Properties utc = new Properties();
        utc.setProperty("timeZone", "UTC");
        try (Connection sysql = DriverManager.getConnection("jdbc:sysql:" + dir, utc);
             Connection duck = duckdb(lake, duckdbSql)) {
            for (String[] q : questions) {
                System.out.printf("%-36s sysql %8.1f ms   DuckDB over the export %8.1f ms%n", q[0], best(sysql, q[1], runs),
                        best(duck, q[2], runs));
            }
        }
    }

    private static double best(Connection c, String sql, int runs) throws SQLException {
        for (int i = 0; i < 5; i++) {
            Bench.timeQuery(c, sql);
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            best = Math.min(best, Bench.timeQuery(c, sql));
        }
        return best;
    }

    /** An in-memory DuckDB over the export in {@code lake}, with the views and macros of {@code sql}. */
    static Connection duckdb(Path lake, Path sql) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            st.execute("SET VARIABLE lake = '" + lake + "'");
            for (String statement : LakeSql.statements(sql)) {
                st.execute(statement);
            }
        }
        return c;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.delete(p);
            }
        }
    }
}
