package io.sysql.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every AS OF form on a capture written with the real writer, planned by sysql's own preparation: the
 * forms that name one event give its state, the others stop with a line saying why.
 *
 * <p>The capture: process 1 opens /a (fd 3) at event {@link #openA}, /b (fd 4) at {@link #openB}, closes
 * fd 3 at {@link #closeA}; event n has ts = {@link TestCaptures#T0} + n seconds.
 */
class AsOfPointTest {
    @TempDir
    static Path dir;
    static Capture capture;
    static Connection connection;
    static long openA;
    static long openB;
    static long closeA;
    static long last;

    @BeforeAll
    static void writeAndConnect() throws SQLException {
        CaptureWriter writer = CaptureWriter.create(dir, false, "test", null);
        add(writer, EventKinds.SNAP_PROCESS, 0, e -> {
            e.name = "app";
            e.startTs = TestCaptures.T0;
        });
        add(writer, EventKinds.SNAP_THREAD, 0, e -> e.name = "app");
        openA = add(writer, EventKinds.OPENAT, 3, e -> e.path = "/a");
        openB = add(writer, EventKinds.OPENAT, 4, e -> e.path = "/b");
        closeA = add(writer, EventKinds.CLOSE, 0, e -> e.fd = 3);
        writer.finish(null, null, CaptureMetadata.STATE_COMPLETE);
        capture = Capture.open(dir);
        last = capture.lastNum();

        connection = TestCaptures.connect(capture);
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
        capture.close();
    }

    private static long add(CaptureWriter writer, EventKind kind, long res, Consumer<Event> fill) {
        return TestCaptures.add(writer, kind, 1, res, fill);
    }

    private static List<String> names(String asOf) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM fds " + asOf + " ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AS OF %d",
        "FOR SYSTEM_TIME AS OF EVT(%d)",
        "AS OF (SELECT MIN(num) FROM events WHERE num >= %d)",
        "AS OF (WITH o AS (SELECT num FROM events WHERE num = %d) SELECT num FROM o)",
        "FOR SYSTEM_TIME AS OF (SELECT MIN(num) FROM events WHERE num >= %d)",
        "FOR SYSTEM_TIME AS OF EVT((SELECT MIN(num) FROM events WHERE num >= %d))",
        "AS OF EVT((SELECT MIN(num) FROM events WHERE num >= %d))",
    })
    void everyFormOfOneEventGivesItsState(String form) throws SQLException {
        assertThat(names(String.format(form, openB))).containsExactly("/a", "/b");
        assertThat(names(String.format(form, closeA))).containsExactly("/b");
    }

    @Test
    void subqueriesThatDoNotGiveOneEventNumberStop() {
        assertFails("AS OF (SELECT num FROM events WHERE num IN (" + openA + ", " + openB + "))",
                "AS OF (SELECT ...) gave 2 rows: it must give one event number");
        assertFails("AS OF (SELECT num FROM events WHERE num = 999)", "AS OF (SELECT ...) gave no row");
        assertFails("AS OF (SELECT MIN(num) FROM events WHERE type = 'nothing')", "AS OF (SELECT ...) gave NULL");
        assertFails("AS OF (SELECT 'x')", "AS OF needs an event number, got a CHAR value");
        assertFails("AS OF (SELECT MIN(event_time) FROM events)", "AS OF needs an event number, got a TIMESTAMP");
        assertFails("AS OF 'x'", "AS OF 'x': a point is an event number");
    }

    @Test
    void eventNumbersOutsideTheCapture() throws SQLException {
        assertThat(names("AS OF 0")).isEmpty();
        assertFails("AS OF " + (last + 1), "is past the end of the capture: it has " + last + " events");
        assertFails("AS OF -1", "event numbers start at 1");
    }

    @Test
    void timestampsResolveToTheLastEventAtOrBeforeThem() throws SQLException {
        assertThat(names("AS OF TIMESTAMP '2026-01-01 00:00:0" + openB + ".5'")).containsExactly("/a", "/b");
        assertThat(names("AS OF TIMESTAMP '2025-12-31 23:59:59'")).isEmpty();
        assertThat(names("AS OF TIMESTAMP '2027-01-01 00:00:00'")).containsExactly("/b");
        // beyond what a long counts in nanoseconds (1677 to 2262): still before or after every event
        assertThat(names("AS OF TIMESTAMP '2300-01-01 00:00:00'")).containsExactly("/b");
        assertThat(names("AS OF TIMESTAMP '1600-01-01 00:00:00'")).isEmpty();
    }

    private static void assertFails(String asOf, String message) {
        assertThatThrownBy(() -> names(asOf)).as(asOf).hasStackTraceContaining(message);
    }
}
