package io.sysql.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.EventKinds;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How {@link TimeTravelRules} and {@link StateAtEachRowRules} plan time travel, seen in EXPLAIN and in
 * the answers. The capture: process 1 opens /a (fd 3) and /b (fd 4), process 2 opens /c (fd 3), then
 * process 1 closes fd 3 at {@link #closeA}.
 */
class TimeTravelPlanTest {
    @TempDir
    static Path dir;
    static Capture capture;
    static Connection connection;
    static long openB;
    static long openC;
    static long closeA;

    @BeforeAll
    static void writeAndConnect() throws SQLException {
        CaptureWriter writer = CaptureWriter.create(dir, false, "test", null);
        for (int pid : new int[] {1, 2}) {
            TestCaptures.add(writer, EventKinds.SNAP_PROCESS, pid, 0, e -> e.name = "app" + pid);
            TestCaptures.add(writer, EventKinds.SNAP_THREAD, pid, 0, e -> e.name = "app" + pid);
        }
        TestCaptures.add(writer, EventKinds.OPENAT, 1, 3, e -> e.path = "/a");
        openB = TestCaptures.add(writer, EventKinds.OPENAT, 1, 4, e -> e.path = "/b");
        openC = TestCaptures.add(writer, EventKinds.OPENAT, 2, 3, e -> e.path = "/c");
        closeA = TestCaptures.add(writer, EventKinds.CLOSE, 1, 0, e -> e.fd = 3);
        writer.finish(null, null, CaptureMetadata.STATE_COMPLETE);
        capture = Capture.open(dir);
        connection = TestCaptures.connect(capture);
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
        capture.close();
    }

    private static List<String> rows(String sql) throws SQLException {
        return TestCaptures.rows(connection, sql);
    }

    private static String plan(String sql) throws SQLException {
        return String.join("\n", rows("EXPLAIN PLAN FOR " + sql));
    }

    /** Counting needs no column of the state: the scan reads one anyway (an empty projection once failed). */
    @Test
    void countsAtSeveralPointsInSubQueries() throws SQLException {
        assertThat(rows("SELECT (SELECT COUNT(*) FROM fds AS OF " + openB + "), (SELECT COUNT(*) FROM fds),"
                + " (SELECT COUNT(*) FROM fds AS OF " + openC + ")")).containsExactly("2 2 3");
        assertThat(rows("SELECT (SELECT COUNT(*) FROM threads AS OF " + openB + ")")).containsExactly("2");
    }

    @Test
    void asOfAnEventIsAScanOfTheTableBoundToItUnderItsOwnName() throws SQLException {
        String sql = "SELECT name FROM fds AS OF " + openB;
        assertThat(plan(sql)).contains("fds AS OF " + openB).doesNotContain("Snapshot");
        assertThat(plan("SELECT name FROM fds AS OF TIMESTAMP '2026-01-01 00:00:07'"))
                .contains("fds AS OF TIMESTAMP '2026-01-01 00:00:07'");
        assertThat(rows(sql + " ORDER BY name")).containsExactly("/a", "/b");
    }

    @Test
    void theSameTableNowAndAsOfAPointAreTwoScans() throws SQLException {
        // one name for both would let the planner reuse one scan for the other and answer with one state
        assertThat(rows("SELECT 1, COUNT(*) FROM fds AS OF " + openC + " UNION ALL SELECT 2, COUNT(*) FROM fds"))
                .containsExactly("1 3", "2 2");
        assertThat(rows("SELECT f.name FROM fds AS OF " + openC + " f LEFT JOIN fds g ON f.ufd = g.ufd "
                + "WHERE g.ufd IS NULL")).containsExactly("/a");
    }

    @Test
    void bothPerRowFormsPlanToOneStateAtEachRow() throws SQLException {
        String join = "SELECT e.num, f.name FROM events e JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num) f "
                + "ON f.pid = e.pid WHERE e.type = 'close'";
        String lateral = "SELECT e.num, f.name FROM events e, LATERAL TABLE(fds_at(e.num, e.pid)) f "
                + "WHERE e.type = 'close'";
        for (String sql : List.of(join, lateral)) {
            assertThat(plan(sql)).as(sql).contains("StateAtEachRow").contains("state=[fds]")
                    .doesNotContain("Correlate").doesNotContain("TableFunctionScan");
            assertThat(rows(sql)).as(sql).containsExactly(closeA + " /b");
        }
        assertThat(plan(lateral)).contains("pid=[$");
    }

    @Test
    void aPerRowLookupReadsOnlyTheStateColumnsUsed() throws SQLException {
        String sql = "SELECT e.num, COUNT(*) FROM events e, LATERAL TABLE(fds_at(e.num)) f "
                + "WHERE e.type = 'openat' GROUP BY e.num ORDER BY e.num";
        assertThat(plan(sql)).contains("StateAtEachRow").contains("columns=[[]]");
        assertThat(rows(sql)).containsExactly((openB - 1) + " 1", openB + " 2", openC + " 3");
    }

    @Test
    void everyStateTableHasItsFunctionsAndOnlyTablesWithAPidTakeOne() throws SQLException {
        assertThat(rows("SELECT name FROM TABLE(processes_at(" + closeA + ", 2))")).containsExactly("app2");
        assertThat(rows("SELECT COUNT(*) FROM TABLE(threads_at(" + closeA + "))")).containsExactly("2");
        assertThat(rows("SELECT COUNT(*) FROM TABLE(connections_at(" + closeA + "))")).containsExactly("0");
        assertThat(rows("SELECT COUNT(*) FROM TABLE(containers_at(" + closeA + "))")).containsExactly("0");
        assertThat(rows("SELECT name FROM TABLE(fds_at(" + closeA + ", 1))")).containsExactly("/b");
        assertThatThrownBy(() -> rows("SELECT * FROM TABLE(containers_at(" + closeA + ", 1))"))
                .hasStackTraceContaining("containers_at");
    }
}
