package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent clients against {@code sysql serve}: AS OF at random events, joins of two tables at a point,
 * event range scans, sorts of many events and metadata calls, through the standalone driver. Zero errors,
 * the server's heap stays under its -Xmx, and after the load (and a full collection, what the launcher's
 * periodic one does when the server idles) the heap the server holds and the memory it takes from the
 * system (committed heap, anonymous resident memory) are back near where they started. The default is a CI-sized run; the BENCHMARKS.md run is
 * {@code -Dsysql.load.events=1000000 -Dsysql.load.clients=16 -Dsysql.load.queries=200 -Dsysql.load.xmx=1g}.
 * Latencies per kind go to stdout and target/serve-load.txt.
 */
class ServeLoadTest {
    enum Kind { AS_OF, JOIN, RANGE, SORT, METADATA }

    static final long EVENTS = Long.getLong("sysql.load.events", 100_000);
    static final int CLIENTS = Integer.getInteger("sysql.load.clients", 4);
    static final int QUERIES = Integer.getInteger("sysql.load.queries", 25);
    static final String XMX = System.getProperty("sysql.load.xmx", "256m");

    @TempDir
    Path tmp;

    @Test
    void concurrentClientsGetEveryAnswerWithinTheServersHeap() throws Exception {
        Path capture = tmp.resolve("cap");
        long t0 = System.nanoTime();
        SyntheticCapture.write(capture, EVENTS, 200);
        double writeSeconds = (System.nanoTime() - t0) / 1e9;
        Driver driver = RemoteJar.driver();
        try (ServeProcess server = ServeProcess.start(tmp, List.of("-Xmx" + XMX, "-Xms32m"), capture.toString())) {
            Footprint before = Footprint.afterGc(server.process.pid());
            HeapWatch heap = HeapWatch.start(server.process.pid());
            Map<Kind, List<Long>> micros = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) {
                micros.put(k, Collections.synchronizedList(new ArrayList<>()));
            }
            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int seed = c;
                clients.add(pool.submit(() -> runClient(driver, server.jdbcUrl, seed, micros, errors)));
            }
            for (Future<?> f : clients) {
                f.get();
            }
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            heap.stop();
            Footprint after = Footprint.afterGc(server.process.pid());

            StringBuilder report = new StringBuilder();
            report.append(String.format("capture: %,d events (written in %.1f s); %d clients x %d queries in %.1f s;"
                    + " server -Xmx%s, max heap used %,d MB; errors %d%n", EVENTS, writeSeconds, CLIENTS, QUERIES,
                    wallSeconds, XMX, heap.maxUsedBytes.get() >> 20, errors.size()));
            report.append(String.format("after a full GC, before -> after the load: heap held %,d -> %,d MB, heap"
                    + " committed %,d -> %,d MB, RSS anonymous %,d -> %,d MB, RSS of mapped files %,d -> %,d MB%n",
                    before.heapBytes >> 20, after.heapBytes >> 20, before.heapCommittedBytes >> 20,
                    after.heapCommittedBytes >> 20, before.rssAnonBytes >> 20, after.rssAnonBytes >> 20,
                    before.rssFileBytes >> 20, after.rssFileBytes >> 20));
            for (Kind k : Kind.values()) {
                List<Long> l = new ArrayList<>(micros.get(k));
                Collections.sort(l);
                report.append(String.format("%-9s n=%5d  p50=%8.1f ms  p99=%8.1f ms  max=%8.1f ms%n", k, l.size(),
                        pct(l, 50) / 1000.0, pct(l, 99) / 1000.0, l.isEmpty() ? 0 : l.get(l.size() - 1) / 1000.0));
            }
            System.out.print(report);
            Files.writeString(Path.of("target", "serve-load.txt"), report, StandardCharsets.UTF_8);
            assertThat(errors).as("errors").isEmpty();
            assertThat(server.process.isAlive()).isTrue();
            assertThat(server.logText()).doesNotContain("OutOfMemoryError");
            // The clients are gone: what their queries held must be garbage now (caches of a few MB aside).
            assertThat(after.heapBytes).as("heap held after the load").isLessThan(2 * before.heapBytes + (64L << 20));
            // The heap a collection frees goes back to the system; what stays is code compiled and classes
            // generated for the queries (tens of MB), not the rows the sorts held.
            assertThat(after.heapCommittedBytes).as("heap committed after the load")
                    .isLessThan(2 * before.heapCommittedBytes + (64L << 20));
            assertThat(after.rssAnonBytes).as("anonymous resident memory after the load")
                    .isLessThan(before.rssAnonBytes + after.heapCommittedBytes - before.heapCommittedBytes + (160L << 20));
        }
    }

    /**
     * The server's heap held and committed, and its resident memory (anonymous: heap, code, metadata;
     * mapped files: the capture's pages, the kernel's to drop), after a full collection it is asked for
     * (jcmd GC.run).
     */
    record Footprint(long heapBytes, long heapCommittedBytes, long rssAnonBytes, long rssFileBytes) {
        static Footprint afterGc(long pid) throws IOException, InterruptedException {
            Path bin = Path.of(System.getProperty("java.home"), "bin");
            Process gc = new ProcessBuilder(bin.resolve("jcmd").toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).start();
            gc.getInputStream().readAllBytes();
            assertThat(gc.waitFor()).isZero();
            Process p = new ProcessBuilder(bin.resolve("jstat").toString(), "-gc", Long.toString(pid)).start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            p.waitFor();
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            return new Footprint(HeapWatch.sum(lines.get(0), lines.get(1), "S0U", "S1U", "EU", "OU"),
                    HeapWatch.sum(lines.get(0), lines.get(1), "S0C", "S1C", "EC", "OC"), kb(status, "RssAnon:"),
                    kb(status, "RssFile:"));
        }

        private static long kb(List<String> status, String field) {
            return status.stream().filter(l -> l.startsWith(field)).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElseThrow() << 10;
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void runClient(Driver driver, String url, int seed, Map<Kind, List<Long>> micros,
            ConcurrentLinkedQueue<String> errors) {
        Random random = new Random(seed);
        String[] tables = {"processes", "threads", "fds", "events", "connections", "fds_history"};
        try (Connection c = RemoteJar.connect(driver, url, null, null); Statement s = c.createStatement()) {
            for (int q = 0; q < QUERIES; q++) {
                Kind kind = Kind.values()[q % Kind.values().length];
                long at = 1 + (long) (random.nextDouble() * (EVENTS - 1));
                long begin = System.nanoTime();
                try {
                    switch (kind) {
                        case AS_OF -> drain(s.executeQuery("SELECT pid, fd, name FROM fds AS OF " + at
                                + " WHERE type = 'file' AND pid = " + (100 + random.nextInt(200))));
                        case JOIN -> drain(s.executeQuery("SELECT p.pid, p.name, COUNT(f.fd) AS fds FROM processes AS OF "
                                + at + " p JOIN fds AS OF " + at + " f ON f.upid = p.upid GROUP BY p.pid, p.name"));
                        case RANGE -> drain(s.executeQuery("SELECT num, ts, pid, type, fd, fd_name FROM events"
                                + " WHERE num BETWEEN " + at + " AND " + (at + 1000)));
                        case SORT -> drain(s.executeQuery("SELECT num, pid, fd_name FROM events WHERE num >= " + at / 2
                                + " ORDER BY fd_name DESC, pid, num"));
                        case METADATA -> {
                            DatabaseMetaData md = c.getMetaData();
                            drain(md.getTables(null, "sysql", "%", null));
                            drain(md.getColumns(null, "sysql", tables[random.nextInt(tables.length)], "%"));
                        }
                    }
                    micros.get(kind).add((System.nanoTime() - begin) / 1000);
                } catch (Exception e) {
                    errors.add(kind + ": " + e.getMessage());
                }
            }
        } catch (Exception e) {
            errors.add("connection: " + e.getMessage());
        }
    }

    private static void drain(ResultSet rs) throws java.sql.SQLException {
        try (rs) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    rs.getObject(i);
                }
            }
        }
    }

    /** Samples the server's used heap with jstat (the JDK's tool) twice a second. */
    static final class HeapWatch {
        final AtomicLong maxUsedBytes = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        private HeapWatch(long pid) {
            thread = new Thread(() -> {
                Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
                while (running) {
                    try {
                        Process p = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid)).start();
                        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                                .lines().toList();
                        p.waitFor();
                        if (lines.size() == 2) {
                            maxUsedBytes.accumulateAndGet(sum(lines.get(0), lines.get(1), "S0U", "S1U", "EU", "OU"),
                                    Math::max);
                        }
                        Thread.sleep(500);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            thread.setDaemon(true);
        }

        static HeapWatch start(long pid) {
            HeapWatch w = new HeapWatch(pid);
            w.thread.start();
            return w;
        }

        /** The sum of jstat's {@code columns} (KB in its output), in bytes. */
        private static long sum(String header, String values, String... columns) {
            String[] h = header.trim().split("\\s+");
            String[] v = values.trim().split("\\s+");
            double kb = 0;
            for (int i = 0; i < h.length && i < v.length; i++) {
                if (List.of(columns).contains(h[i])) {
                    kb += Double.parseDouble(v[i]);
                }
            }
            return (long) (kb * 1024);
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(2000);
        }
    }
}
