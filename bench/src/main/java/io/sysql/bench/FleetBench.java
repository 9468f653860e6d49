package io.sysql.bench;

import io.sysql.jdbc.SysqlDriver;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Many captures queried as one (issue 20): writes {@code --captures} synthetic captures of
 * {@code --events} events each (hosts {@code host-000}...; kept in {@code --dir} and reused when there),
 * then times, over the directory holding them, a state AS OF one instant on every host, a count of the
 * events by type and the state of one host: in a new connection (which opens the captures it reads) and
 * again in the same connection; wall time and the process's CPU time (the machine may be shared).
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
        write(dir, captures, events);
        String url = SysqlDriver.PREFIX + dir.toAbsolutePath() + ";timeZone=UTC";
        String at;
        try (Connection c = DriverManager.getConnection(url)) {
            at = SQL_TIME.format(Instant.ofEpochSecond(0, middle(c)));
        }
        String asOf = "SELECT host, COUNT(*) FROM fds AS OF TIMESTAMP '" + at + "' GROUP BY host";
        String byType = "SELECT type, COUNT(*) FROM events GROUP BY type";
        String oneHost = "SELECT COUNT(*) FROM fds AS OF TIMESTAMP '" + at + "' WHERE host = 'host-042'";
        System.out.printf("sysql fleet bench: %d captures of %,d events, %d cores, max heap %d MB%n", captures, events,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (String sql : new String[] {asOf, byType, oneHost}) {
            time(url, sql, runs);
        }
    }

    private static void write(Path dir, int captures, long events) {
        for (int i = 0; i < captures; i++) {
            String host = String.format("host-%03d", i);
            Path capture = dir.resolve(host);
            if (Files.isRegularFile(capture.resolve(CaptureMetadata.FILE_NAME))) {
                continue;
            }
            CaptureWriter writer = CaptureWriter.create(capture, false, "synthetic", "sysql fleet bench");
            new SyntheticWorkload(42 + i, events).emit(writer);
            writer.finish(null, Map.of(CaptureMetadata.HOST, host), CaptureMetadata.STATE_COMPLETE);
        }
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

    /** Runs {@code sql} in a new connection, then {@code runs} more times in it, printing each time. */
    private static void time(String url, String sql, int runs) throws SQLException {
        System.out.println(sql);
        try (Connection c = DriverManager.getConnection(url)) {
            for (int i = 0; i <= runs; i++) {
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                long rows = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                System.out.printf("  %s: %.3f s (CPU %.3f s), %d rows, %d captures opened%n",
                        i == 0 ? "new connection" : "again", (System.nanoTime() - start) / 1e9,
                        (processCpuNanos() - cpuStart) / 1e9, rows, SysqlDriver.fleet(c).capturesOpened());
            }
        }
    }
}
