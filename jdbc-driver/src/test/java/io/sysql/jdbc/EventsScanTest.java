package io.sysql.jdbc;

import static io.sysql.jdbc.SampleCapture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.sql.SysqlSchema;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A capture of two million events: scans must read only what a query needs, and stop when told to. */
class EventsScanTest {
    static final int EVENTS = 2_000_000;
    static final long T0 = SampleCapture.T0;

    @TempDir
    static Path dir;
    static Connection c;
    static SysqlSchema schema;

    @BeforeAll
    static void write() throws SQLException {
        CaptureWriter w = CaptureWriter.create(dir.resolve("big"), false, "test", null);
        Event p = Event.of(EventKinds.SNAP_PROCESS, 10, 10);
        p.name = "loop";
        p.ts = T0;
        w.accept(p);
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        for (int i = 2; i <= EVENTS; i++) {
            Event e = Event.of(EventKinds.READ, i % 1000 == 0 ? 11 : 10, 10);
            e.fd = 0;
            e.res = data.length;
            e.data = data;
            e.ts = T0 + i * 1000L; // 1 µs apart
            w.accept(e);
        }
        w.finish(null, null, CaptureMetadata.STATE_COMPLETE);
        c = SampleCapture.connect(dir.resolve("big"));
        schema = SysqlDriver.schema(c);
    }

    @AfterAll
    static void close() throws SQLException {
        c.close();
    }

    @Test
    void aNumRangeSeeksAndStopsWithoutReadingOtherEvents() throws SQLException {
        long before = schema.eventsRead();
        assertThat(rows(c, "SELECT COUNT(*), MIN(num), MAX(num) FROM events WHERE num BETWEEN 1000000 AND 1000100"))
                .containsExactly("101|1000000|1000100");
        assertThat(schema.eventsRead() - before).isEqualTo(101);
        String plan = String.join("\n", rows(c, "EXPLAIN PLAN FOR SELECT num FROM events WHERE num >= 5 AND num < 9"));
        assertThat(plan).contains("BindableTableScan(table=[[sysql, events]], filters=[[SEARCH($0, Sarg[[5L:BIGINT..9L:BIGINT)]");
    }

    @Test
    void aTsRangeIsTurnedIntoANumRange() throws SQLException {
        long from = T0 + 1_500_000 * 1000L;
        long before = schema.eventsRead();
        assertThat(rows(c, "SELECT MIN(num), MAX(num) FROM events WHERE ts >= " + from + " AND ts < " + (from + 50_000)))
                .containsExactly("1500000|1500049");
        assertThat(schema.eventsRead() - before).isEqualTo(50);
    }

    @Test
    void aLimitStopsTheScan() throws SQLException {
        long before = schema.eventsRead();
        assertThat(rows(c, "SELECT num FROM events LIMIT 3")).containsExactly("1", "2", "3");
        assertThat(schema.eventsRead() - before).isLessThan(10_000);
    }

    @Test
    void headFiltersSkipDecodingBodiesOfOtherEvents() throws SQLException {
        long bodies = schema.eventBodiesDecoded();
        assertThat(rows(c, "SELECT COUNT(buffer) FROM events WHERE pid = 11 AND num <= 100000")).containsExactly("100");
        assertThat(schema.eventBodiesDecoded() - bodies).isEqualTo(100);
    }

    @Test
    void cancelStopsALongScan() throws Exception {
        try (Statement s = c.createStatement()) {
            CompletableFuture<Void> canceller = SampleCapture.cancelLater(s, 300);
            long start = System.nanoTime();
            // a per-row state lookup for each of two million events takes far longer than the cancel delay
            // An expression argument keeps the generic per-row plan (a table function call per event, 2M of
            // them): long enough for the timeout whatever the machine; fds_at(e.num) is now too quick for it.
            assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM events e, LATERAL TABLE(fds_at(e.num + 0)) f")
                    .next()).hasStackTraceContaining("query cancelled");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            canceller.get();
        }
    }

    @Test
    void queryTimeoutStopsALongScan() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            // An expression argument keeps the generic per-row plan (a table function call per event, 2M of
            // them): long enough for the timeout whatever the machine; fds_at(e.num) is now too quick for it.
            assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM events e, LATERAL TABLE(fds_at(e.num + 0)) f")
                    .next()).hasStackTraceContaining("query timed out after 1000 ms");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
        }
    }
}
