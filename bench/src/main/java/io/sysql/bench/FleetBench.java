package io.sysql.bench;

import io.sysql.jdbc.SysqlDriver;
import io.sysql.lake.LakeExport;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.calcite.jdbc.CalciteConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Many captures queried as one (issue 20): writes {@code --captures} synthetic captures of
 * {@code --events} events each (hosts {@code host-000}...; kept in {@code --dir} and reused when there)
 * and their Parquet export ({@code DIR-lake}, kept too), then times, over the directory holding them, a
 * state AS OF one instant on every host, a count of the events by type and the state of one host: in a
 * new connection (which opens the captures it reads) and again {@code --runs} times in the same
 * connection; wall time and the process's CPU time (the machine may be shared). The same questions go to
 * DuckDB over the export (a new in-memory database with {@code lake/sql/duckdb.sql}'s views, then again),
 * and both answers are compared.
 *
 * <pre>
 * java $(cat cli/target/launcher/jvm.flags) -cp bench/target/classes:$(cat bench/target/classpath) \
 *     io.sysql.bench.FleetBench --captures 100 --events 100000 --dir /tmp/fleet
 * </pre>
 */
public final class FleetBench {
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int captures = 100;
        long events = 100_000;
        int runs = 5;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--captures" -> captures = Integer.parseInt(args[++i]);
                case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--dir DIR: where the captures are written (and kept)");
        }
        List<Path> dirs = write(dir, captures, events);
        Path lake = export(dir, dirs);
        Path duckdbSql = Path.of(System.getProperty("sysql.home", ".")).resolve("lake/sql/duckdb.sql");
        String url = SysqlDriver.PREFIX + dir.toAbsolutePath() + ";timeZone=UTC";
        String at;
        try (Connection c = DriverManager.getConnection(url)) {
            at = SQL_TIME.format(Instant.ofEpochSecond(0, middle(c)));
        }
        // sysql's question, then DuckDB's over the export (lake/sql/duckdb.sql's macros)
        String[][] questions = {
                {"SELECT host, COUNT(*) FROM fds AS OF TIMESTAMP '" + at + "' GROUP BY host",
                        "SELECT host, COUNT(*) FROM fds_as_of(TIMESTAMP '" + at + "') GROUP BY host"},
                {"SELECT type, COUNT(*) FROM events GROUP BY type", "SELECT type, COUNT(*) FROM events GROUP BY type"},
                {"SELECT COUNT(*) FROM fds AS OF TIMESTAMP '" + at + "' WHERE host = 'host-042'",
                        "SELECT COUNT(*) FROM fds_as_of(TIMESTAMP '" + at + "') WHERE host = 'host-042'"},
        };
        System.out.printf("sysql fleet bench: %d captures of %,d events, %d cores, max heap %d MB%n", captures, events,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (String[] q : questions) {
            System.out.println(q[0]);
            time(() -> DriverManager.getConnection(url), "sysql", q[0], runs);
            System.out.println(q[1]);
            time(() -> LakeBench.duckdb(lake, duckdbSql), "DuckDB over the export", q[1], runs);
            try (Connection sysql = DriverManager.getConnection(url);
                 Connection duck = LakeBench.duckdb(lake, duckdbSql)) {
                boolean same = Bench.rows(sysql, q[0]).equals(Bench.rows(duck, q[1]));
                System.out.println(same ? "  same rows from both" : "  THE ANSWERS DIFFER");
            }
        }
    }

    /** The Parquet export of the captures {@code dirs} in {@code dir}: written beside it the first time, then reused. */
    private static Path export(Path dir, List<Path> dirs) {
        Path lake = dir.resolveSibling(dir.getFileName() + "-lake");
        if (!Files.isDirectory(lake)) { // an export is moved into place once whole
            long start = System.nanoTime();
            LakeExport.Summary s = LakeExport.write(dirs, lake, (c, done, total) -> { });
            System.out.printf("exported %,d events to %s in %.1f s%n", s.events(), lake, (System.nanoTime() - start) / 1e9);
        }
        return lake;
    }

    /** The captures in {@code dir}, each written unless it is there already. */
    private static List<Path> write(Path dir, int captures, long events) {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < captures; i++) {
            String host = String.format("host-%03d", i);
            Path capture = dir.resolve(host);
            dirs.add(capture);
            if (Files.isRegularFile(capture.resolve(CaptureMetadata.FILE_NAME))) {
                continue;
            }
            CaptureWriter writer = CaptureWriter.create(capture, false, "synthetic", "sysql fleet bench");
            new SyntheticWorkload(42 + i, events).emit(writer);
            writer.finish(null, Map.of(CaptureMetadata.HOST, host), CaptureMetadata.STATE_COMPLETE);
        }
        return dirs;
    }

    /** The middle of the captures' common time span, ns since the epoch. */
    private static long middle(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(start_ts), MIN(end_ts) FROM capture")) {
            rs.next();
            return rs.getLong(1) + (rs.getLong(2) - rs.getLong(1)) / 2;
        }
    }

    /** CPU time of the whole process (the query's thread and the threads reading captures in parallel). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** What opens the connection a question is timed in. */
    private interface Connect {
        Connection open() throws Exception;
    }

    /**
     * Runs {@code sql} in a new connection (its opening timed with it), then {@code runs} more times in it,
     * printing each time and the median of the runs after the first.
     */
    private static void time(Connect connect, String engine, String sql, int runs) throws Exception {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        try (Connection c = connect.open()) {
            double[] wall = new double[runs];
            double[] cpu = new double[runs];
            for (int i = 0; i <= runs; i++) {
                if (i > 0) {
                    start = System.nanoTime();
                    cpuStart = processCpuNanos();
                }
                long rows = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                String opened = c.isWrapperFor(CalciteConnection.class)
                        ? ", " + SysqlDriver.fleet(c).capturesOpened() + " captures opened" : "";
                System.out.printf("  %s, %s: %.3f s (CPU %.3f s), %d rows%s%n", engine,
                        i == 0 ? "new connection" : "again", seconds, cpuSeconds, rows, opened);
                if (i > 0) {
                    wall[i - 1] = seconds;
                    cpu[i - 1] = cpuSeconds;
                }
            }
            if (runs > 0) {
                System.out.printf("  %s, again, median of %d: %.3f s (CPU %.3f s)%n", engine, runs,
                        new Stats(wall).percentile(50), new Stats(cpu).percentile(50));
            }
        }
    }
}
