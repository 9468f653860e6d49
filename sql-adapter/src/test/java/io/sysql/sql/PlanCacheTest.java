package io.sysql.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.EventKinds;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Queries that differ only in their literals, run one after another on one connection: each must answer for
 * its own literals, whether it ran the plan of an earlier one ({@link PlanCache}) or was planned itself.
 * The answers are worked out from the events the test wrote. The capture: process 1 opens a file, writes
 * to it, and closes every third one it opened, 30 times.
 */
class PlanCacheTest {
    private static final int ROUNDS = 30;

    @TempDir
    static Path dir;
    static Capture capture;
    /** Per event (index = number - 1): its ts, its res, the fds open after it, and 1 for a write. */
    static final List<long[]> written = new ArrayList<>();

    Connection connection;
    /** Statements Calcite parsed (planned) on this thread since the test started. */
    final List<String> planned = new ArrayList<>();
    Hook.Closeable parses;

    @BeforeAll
    static void write() {
        CaptureWriter writer = CaptureWriter.create(dir, false, "test", null);
        TreeSet<Integer> open = new TreeSet<>();
        add(writer, EventKinds.SNAP_PROCESS, 0, open, e -> e.name = "app");
        add(writer, EventKinds.SNAP_THREAD, 0, open, e -> e.name = "app");
        for (int k = 0; k < ROUNDS; k++) {
            int fd = 3 + k;
            String path = "/f" + k;
            open.add(fd);
            add(writer, EventKinds.OPENAT, fd, open, e -> e.path = path);
            add(writer, EventKinds.WRITE, 100L * k + 7, open, e -> e.fd = fd);
            if (k % 3 == 2) {
                int closed = open.first();
                open.remove(closed);
                add(writer, EventKinds.CLOSE, 0, open, e -> e.fd = closed);
            }
        }
        writer.finish(null, null, CaptureMetadata.STATE_COMPLETE);
        long[] last = written.get(written.size() - 1);
        written.add(new long[] {last[0], 0, open.size(), 0}); // the event that ends a capture
        capture = Capture.open(dir);
    }

    private static void add(CaptureWriter writer, io.sysql.capture.event.EventKind kind, long res,
            TreeSet<Integer> open, Consumer<io.sysql.capture.event.Event> fill) {
        long num = TestCaptures.add(writer, kind, 1, res, fill);
        written.add(new long[] {TestCaptures.T0 + num * TestCaptures.SECOND, res, open.size(),
                kind == EventKinds.WRITE ? 1 : 0});
    }

    @AfterAll
    static void close() {
        capture.close();
    }

    @BeforeEach
    void connect() throws SQLException {
        connection = TestCaptures.connect(capture);
        parses = Hook.PARSE_TREE.addThread((Consumer<Object[]>) args -> planned.add((String) args[0]));
    }

    @AfterEach
    void disconnect() throws SQLException {
        parses.close();
        connection.close();
    }

    private List<String> rows(String sql) throws SQLException {
        return TestCaptures.rows(connection, sql);
    }

    private static long ts(long num) {
        return written.get((int) num - 1)[0];
    }

    @Test
    void aWindowQueryWithNewBoundsRunsThePlanOfTheFirstWithItsOwnBounds() throws SQLException {
        long end = written.size();
        long[][] windows = {{3, 10}, {1, end}, {20, 20}, {40, 30}, {end - 5, end + 100}};
        for (long[] w : windows) {
            long from = ts(w[0]);
            long to = w[1] > end ? ts(end) + w[1] * TestCaptures.SECOND : ts(w[1]);
            long count = 0;
            long sum = 0;
            for (long[] e : written) {
                if (e[0] >= from && e[0] <= to) {
                    count++;
                    sum += e[1];
                }
            }
            assertThat(rows("SELECT count(*), sum(res) FROM events WHERE ts BETWEEN " + from + " AND " + to))
                    .as("window %d..%d", w[0], w[1]).containsExactly(count + " " + (count == 0 ? "null" : sum));
        }
        assertThat(planned).hasSize(1);
    }

    @Test
    void asOfEachEventRunsOnePlanAndAnswersForItsPoint() throws SQLException {
        for (int n = 1; n <= written.size(); n++) {
            assertThat(rows("SELECT count(*) FROM fds AS OF " + n + " WHERE pid = 1 AND fd >= 3"))
                    .as("AS OF %d", n).containsExactly(String.valueOf(written.get(n - 1)[2]));
        }
        assertThat(planned).hasSize(1);
        long past = written.size() + 1;
        assertThatThrownBy(() -> rows("SELECT count(*) FROM fds AS OF " + past + " WHERE pid = 1 AND fd >= 3"))
                .hasMessageContaining("AS OF " + past + " is past the end of the capture: it has " + written.size());
    }

    @Test
    void perRowTimeTravelOverNewWindowsAnswersForEach() throws SQLException {
        for (long[] w : new long[][] {{3, 20}, {30, 60}, {50, 50}}) {
            List<String> expected = new ArrayList<>();
            for (long n = w[0]; n <= w[1] && n <= written.size(); n++) {
                long openAfter = written.get((int) n - 1)[2];
                if (openAfter > 0 && written.get((int) n - 1)[3] == 1) {
                    expected.add(n + " " + openAfter);
                }
            }
            assertThat(rows("SELECT e.num, count(*) FROM events e JOIN fds AS OF e.num f ON f.pid = e.pid "
                    + "WHERE e.type = 'write' AND f.fd >= 3 AND e.num BETWEEN " + w[0] + " AND " + w[1]
                    + " GROUP BY e.num ORDER BY e.num")).as("events %d..%d", w[0], w[1]).isEqualTo(expected);
        }
        assertThat(planned).hasSize(1);
    }

    @Test
    void timestampPointsAreNotSharedAndEachAnswersForItsTime() throws SQLException {
        for (int n : new int[] {10, 40}) {
            String time = Instant.ofEpochSecond(0, ts(n)).atOffset(ZoneOffset.UTC).toLocalDateTime().toString()
                    .replace('T', ' ');
            assertThat(rows("SELECT count(*) FROM fds AS OF TIMESTAMP '" + time + "' WHERE pid = 1 AND fd >= 3"))
                    .as(time).containsExactly(String.valueOf(written.get(n - 1)[2]));
        }
        assertThat(planned).hasSize(2);
    }

    @Test
    void numbersThatAreNotComparedValuesKeepTheirMeaning() throws SQLException {
        assertThat(rows("SELECT num, res FROM events WHERE num BETWEEN 3 AND 5 ORDER BY 1 DESC"))
                .containsExactly("5 4", "4 7", "3 3");
        assertThat(rows("SELECT num, res FROM events WHERE num BETWEEN 3 AND 5 ORDER BY 2 DESC"))
                .containsExactly("4 7", "5 4", "3 3");
        assertThat(rows("SELECT num FROM events WHERE num > 2 ORDER BY num LIMIT 2")).containsExactly("3", "4");
        assertThat(rows("SELECT num FROM events WHERE num > 2 ORDER BY num LIMIT 3")).containsExactly("3", "4", "5");
        for (int fd : new int[] {3, 4}) {
            String column = "count(*) FILTER (WHERE fd = " + fd + ")";
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + column + " FROM events WHERE type = 'write'")) {
                assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo(column);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void aDecimalBoundComparesAsTheDecimal() throws SQLException {
        for (String bound : new String[] {"6.5", "7.5", "206.99"}) {
            long expected = written.stream().filter(e -> e[1] > Double.parseDouble(bound)).count();
            assertThat(rows("SELECT count(*) FROM events WHERE res > " + bound)).as(bound)
                    .containsExactly(String.valueOf(expected));
        }
    }

    @Test
    void aQueryThatFailsFailsWithItsOwnTextsError() throws SQLException {
        // the generic text's error would point further right, past "CAST(? AS INTEGER)"
        String sql = "SELECT num FROM events WHERE num > 5 GROUP type";
        String at = "column " + (sql.indexOf("type") + 1);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> rows(sql)).hasMessageContaining(at);
        }
        assertThat(rows("SELECT count(*) FROM events WHERE num > 0")).containsExactly(String.valueOf(written.size()));
    }
}
