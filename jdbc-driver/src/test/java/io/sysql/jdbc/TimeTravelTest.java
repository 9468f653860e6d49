package io.sysql.jdbc;

import static io.sysql.jdbc.SampleCapture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

class TimeTravelTest {
    @TempDir
    static Path dir;
    static SampleCapture cap;
    static Connection c;

    @BeforeAll
    static void write() throws SQLException {
        cap = SampleCapture.write(dir.resolve("cap"));
        c = SampleCapture.connect(dir.resolve("cap"));
    }

    @AfterAll
    static void close() throws SQLException {
        c.close();
    }

    private static final String MYAPP_FDS = " WHERE pid = 200 ORDER BY fd";

    @Test
    void withoutAsOfStateTablesShowTheEndOfTheCapture() throws SQLException {
        assertThat(rows(c, "SELECT fd, name FROM fds" + MYAPP_FDS)).isEmpty();
        assertThat(rows(c, "SELECT fd, name FROM fds WHERE pid = 100")).containsExactly("3|/tmp/after");
    }

    @Test
    void asOfAnEventNumberShowsTheStateRightAfterIt() throws SQLException {
        assertThat(rows(c, "SELECT fd, name FROM fds AS OF " + cap.openPasswd + MYAPP_FDS))
                .containsExactly("3|/var/log/app.log", "4|/etc/passwd");
        assertThat(rows(c, "SELECT fd, name FROM fds AS OF " + cap.closePasswd + MYAPP_FDS))
                .containsExactly("3|/var/log/app.log");
    }

    @Test
    void standardForSystemTimeWithEvt() throws SQLException {
        assertThat(rows(c, "SELECT fd FROM fds FOR SYSTEM_TIME AS OF EVT(" + cap.openPasswd + ")" + MYAPP_FDS))
                .containsExactly("3", "4");
    }

    @Test
    void processThatExitedIsThereAsOfItsExitWithItsFdsAndGoneAfter() throws SQLException {
        assertThat(rows(c, "SELECT name, exited, exit_code, fd_count FROM processes AS OF " + cap.exit
                + " WHERE pid = 200")).containsExactly("myapp|true|1|2");
        assertThat(rows(c, "SELECT name FROM processes AS OF " + (cap.exit + 1) + " WHERE pid = 200")).isEmpty();
        assertThat(rows(c, "SELECT fd, type, name FROM fds AS OF " + cap.exit + MYAPP_FDS))
                .containsExactly("3|file|/var/log/app.log", "5|ipv4|127.0.0.1:8080");
    }

    @Test
    void asOfATimestampIsTheStateAfterTheLastEventAtOrBeforeIt() throws SQLException {
        // event i has ts = T0 + i s; T0 = 2026-01-01 00:00:00 UTC, and the connection's time zone is UTC
        String atOpenPasswd = "TIMESTAMP '2026-01-01 00:00:" + String.format("%02d", cap.openPasswd) + ".500'";
        assertThat(rows(c, "SELECT fd FROM fds AS OF " + atOpenPasswd + MYAPP_FDS)).containsExactly("3", "4");
        assertThat(rows(c, "SELECT fd FROM fds FOR SYSTEM_TIME AS OF " + atOpenPasswd + MYAPP_FDS))
                .containsExactly("3", "4");
        assertThat(rows(c, "SELECT COUNT(*) FROM processes AS OF TIMESTAMP '2025-12-31 23:00:00'"))
                .containsExactly("0");
    }

    @Test
    void asOfAParameter() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT fd FROM fds AS OF ?" + MYAPP_FDS)) {
            ps.setLong(1, cap.openLog);
            assertThat(rows(ps.executeQuery())).containsExactly("3");
            ps.setLong(1, cap.openPasswd);
            assertThat(rows(ps.executeQuery())).containsExactly("3", "4");
        }
    }

    @Test
    void asOfATimestampParameterIsAsOfTimestampQuestionMark() throws SQLException {
        // half a second after the open of /etc/passwd (event i is at T0 + i s, the connection is in UTC)
        Timestamp afterOpen = Timestamp.from(java.time.Instant.ofEpochSecond(0,
                SampleCapture.T0 + cap.openPasswd * SampleCapture.SECOND + SampleCapture.SECOND / 2));
        Timestamp beforeOpen = Timestamp.from(java.time.Instant.ofEpochSecond(0,
                SampleCapture.T0 + cap.openPasswd * SampleCapture.SECOND - SampleCapture.SECOND / 2));
        try (PreparedStatement ps = c.prepareStatement("SELECT fd FROM fds AS OF TIMESTAMP ?" + MYAPP_FDS)) {
            ps.setTimestamp(1, afterOpen);
            assertThat(rows(ps.executeQuery())).containsExactly("3", "4");
        }
        // AS OF ? takes a time as a time, and a number (the same statement, run again) as an event number
        try (PreparedStatement ps = c.prepareStatement("SELECT fd FROM fds AS OF ? WHERE pid = ? ORDER BY fd")) {
            ps.setInt(2, 200);
            ps.setTimestamp(1, afterOpen);
            assertThat(rows(ps.executeQuery())).containsExactly("3", "4");
            ps.setTimestamp(1, beforeOpen);
            assertThat(rows(ps.executeQuery())).containsExactly("3");
            ps.setObject(1, afterOpen);
            assertThat(rows(ps.executeQuery())).containsExactly("3", "4");
            ps.setLong(1, cap.openPasswd);
            assertThat(rows(ps.executeQuery())).containsExactly("3", "4");
        }
    }

    @Test
    void aTimestampParameterInATimeZoneOtherThanUtc() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("timeZone", "Asia/Kolkata");
        Timestamp afterOpen = Timestamp.from(java.time.Instant.ofEpochSecond(0,
                SampleCapture.T0 + cap.openPasswd * SampleCapture.SECOND + SampleCapture.SECOND / 2));
        try (Connection kolkata = java.sql.DriverManager.getConnection("jdbc:sysql:" + dir.resolve("cap"), props);
             PreparedStatement ps = kolkata.prepareStatement("SELECT fd FROM fds AS OF ?" + MYAPP_FDS)) {
            ps.setTimestamp(1, afterOpen);
            assertThat(rows(ps.executeQuery())).containsExactly("3", "4");
        }
    }

    @Test
    void asOfAnIsoTimestampWithAnOffset() throws SQLException {
        String iso = java.time.Instant.ofEpochSecond(0, SampleCapture.T0 + cap.openPasswd * SampleCapture.SECOND)
                .atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        assertThat(rows(c, "SELECT fd FROM fds AS OF TIMESTAMP '" + iso + "'" + MYAPP_FDS)).as(iso).containsExactly("3", "4");
    }

    @Test
    void asOfAScalarSubquery() throws SQLException {
        String sql = "SELECT fd, name FROM fds AS OF (SELECT MIN(num) FROM events WHERE pid = 200 "
                + "AND type = 'procexit') WHERE proc_name = 'myapp' ORDER BY fd";
        assertThat(rows(c, sql)).containsExactly("3|/var/log/app.log", "5|127.0.0.1:8080");
        assertThat(rows(c, "SELECT f.fd FROM fds AS OF (SELECT " + cap.openPasswd + " FROM capture) f "
                + "WHERE f.pid = 200 ORDER BY f.fd")).containsExactly("3", "4");
    }

    @Test
    void eachTableOfAJoinHasItsOwnPoint() throws SQLException {
        String sql = "SELECT a.fd, b.fd FROM fds AS OF " + cap.openLog + " a LEFT JOIN fds AS OF " + cap.openPasswd
                + " b ON a.pid = b.pid WHERE a.pid = 200 ORDER BY b.fd";
        assertThat(rows(c, sql)).containsExactly("3|3", "3|4");
        String mixed = "SELECT p.name, COUNT(f.fd) FROM processes AS OF " + cap.exit + " p JOIN fds AS OF "
                + cap.openPasswd + " f ON f.upid = p.upid WHERE p.pid = 200 GROUP BY p.name";
        assertThat(rows(c, mixed)).containsExactly("myapp|2");
    }

    @Test
    void perRowTimeTravelJoinsEachEventWithTheStateAtIt() throws SQLException {
        String sql = "SELECT e.num, COUNT(f.fd) FROM events e JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num) f "
                + "ON f.pid = e.pid WHERE e.pid = 200 AND e.type = 'openat' AND NOT e.failed GROUP BY e.num ORDER BY e.num";
        assertThat(rows(c, sql)).containsExactly(cap.openLog + "|1", cap.openPasswd + "|2");
        String shorthand = "SELECT e.num, COUNT(f.fd) FROM events e JOIN fds AS OF e.num f "
                + "ON f.pid = e.pid WHERE e.pid = 200 AND e.type = 'openat' AND NOT e.failed GROUP BY e.num ORDER BY e.num";
        assertThat(rows(c, shorthand)).containsExactly(cap.openLog + "|1", cap.openPasswd + "|2");
    }

    @Test
    void lateralTableFunctionGivesTheStateAtEachRow() throws SQLException {
        String sql = "SELECT e.num, f.name FROM events e, LATERAL TABLE(fds_at(e.num)) f "
                + "WHERE e.type = 'write' AND f.pid = e.pid ORDER BY f.fd";
        assertThat(rows(c, sql)).containsExactly(cap.writeError + "|/var/log/app.log", cap.writeError + "|/etc/passwd");
        String ofProcess = "SELECT e.num, f.name FROM events e, LATERAL TABLE(fds_at(e.num, e.pid)) f "
                + "WHERE e.type = 'write' ORDER BY f.fd";
        assertThat(rows(c, ofProcess)).as("the per-process form").isEqualTo(rows(c, sql));
        assertThat(rows(c, "SELECT COUNT(*) FROM events e, LATERAL TABLE(threads_at(e.num, e.pid)) t "
                + "WHERE e.type = 'write'")).containsExactly("1");
    }

    @Test
    void asOfZeroIsEmptyAndPastTheEndIsAnError() throws SQLException {
        assertThat(rows(c, "SELECT COUNT(*) FROM processes AS OF 0")).containsExactly("0");
        assertThatThrownBy(() -> rows(c, "SELECT * FROM processes AS OF " + (cap.last + 1)))
                .hasStackTraceContaining("past the end of the capture: it has " + cap.last + " events");
        assertThatThrownBy(() -> rows(c, "SELECT * FROM processes AS OF -1"))
                .hasStackTraceContaining("event numbers start at 1");
    }

    @Test
    void asOfOnEventsOrHistoryIsAClearError() {
        assertThatThrownBy(() -> rows(c, "SELECT * FROM events AS OF 3"))
                .hasMessageContaining("already over time");
        assertThatThrownBy(() -> rows(c, "SELECT * FROM fds_history AS OF 3"))
                .hasMessageContaining("already over time");
    }

    @Test
    void ancestorsFollowTheParentChainAtThePoint() throws SQLException {
        assertThat(rows(c, "SELECT depth, ancestor_pid, ancestor_name FROM ancestors AS OF " + cap.exit
                + " WHERE pid = 200 ORDER BY depth")).containsExactly("1|100|bash", "2|1|init");
    }

    @Test
    void connectionsListIpSockets() throws SQLException {
        assertThat(rows(c, "SELECT proto, server_address, client_address, state, pid, proc_name FROM connections AS OF "
                + cap.listen)).containsExactly("tcp|127.0.0.1:8080|null|LISTEN|200|myapp");
        assertThat(rows(c, "SELECT COUNT(*) FROM connections")).containsExactly("0");
    }

    @Test
    void historyTablesListEveryVersion() throws SQLException {
        assertThat(rows(c, "SELECT name, valid_from_num, valid_to_num FROM fds_history WHERE pid = 200 AND fd = 4"))
                .containsExactly("/etc/passwd|" + cap.openPasswd + "|" + (cap.closePasswd - 1));
    }

    @Test
    void explainShowsTheBoundScanAndThePushedFilters() throws SQLException {
        String plan = String.join("\n", rows(c, "EXPLAIN PLAN FOR SELECT fd FROM fds AS OF 12 WHERE pid = 200"));
        assertThat(plan).contains("BindableTableScan(table=[[sysql, fds AS OF 12]], filters=[[=($2, 200)]]");
        String current = String.join("\n", rows(c, "EXPLAIN PLAN FOR SELECT a.fd FROM fds AS OF 12 a JOIN fds b ON a.ufd = b.ufd"));
        assertThat(current).contains("fds AS OF 12").contains("[sysql, fds]]");
    }
}
