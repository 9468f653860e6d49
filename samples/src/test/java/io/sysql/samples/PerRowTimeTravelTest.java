package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per-row time travel (each event joined with its process's fds right after it) gives, at every event,
 * exactly what {@code fds AS OF n} gives for that process — on a recording of a real program and on a
 * synthetic capture, in each SQL form the planner turns into one {@code StateAtEachRow} operator.
 */
class PerRowTimeTravelTest {
    private static final String FD_COLUMNS = "f.ufd, f.fd, f.type, f.name, f.opened_num";
    private static final String FORM_LATERAL = "SELECT e.num, " + FD_COLUMNS
            + " FROM events e, LATERAL TABLE(fds_at(e.num, e.pid)) f WHERE e.num BETWEEN %d AND %d";
    private static final String FORM_JOIN = "SELECT e.num, " + FD_COLUMNS
            + " FROM events e JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num) f ON f.pid = e.pid WHERE e.num BETWEEN %d AND %d";
    private static final String FORM_FILTERED = "SELECT e.num, " + FD_COLUMNS
            + " FROM events e, LATERAL TABLE(fds_at(e.num)) f WHERE f.pid = e.pid AND e.num BETWEEN %d AND %d";

    @TempDir
    static Path tmp;
    static Path synthetic;

    @BeforeAll
    static void captures() {
        synthetic = tmp.resolve("synthetic");
        SyntheticCapture.write(synthetic, 20_000, 20);
    }

    @Test
    void syntheticCaptureEveryFormEqualsAsOfAtEachEvent() throws SQLException {
        assertEveryFormEqualsAsOf(synthetic, 8_000, 12_000);
    }

    @Test
    void recordedProgramEveryFormEqualsAsOfAtEachEvent() throws SQLException {
        Samples.assumeStrace();
        Path recorded = tmp.resolve("recorded");
        assertThat(Main.run("record", "-o", recorded.toString(), "--",
                Samples.program("fdtour").toString(), tmp.toString(), "/bin/true")).isZero();
        try (Connection c = connect(recorded)) {
            long last = single(c, "SELECT count(*) FROM events");
            assertEveryFormEqualsAsOf(recorded, Math.max(1, last - 4_000), last);
        }
    }

    @Test
    void explainShowsOneOperatorWithThePidAndOnlyTheColumnsUsed() throws SQLException {
        try (Connection c = connect(synthetic)) {
            for (String form : List.of(FORM_LATERAL, FORM_JOIN, FORM_FILTERED)) {
                String plan = plan(c, String.format(form, 1, 10).replace(FD_COLUMNS, "f.name"));
                assertThat(plan).as(form).contains("EnumerableStateAtEachRow(state=[fds], num=[$0], pid=[$1]")
                        .contains("columns=[[name]]").doesNotContain("Correlate");
            }
            String count = plan(c, "SELECT count(*) FROM events e, LATERAL TABLE(threads_at(e.num, e.pid)) t");
            assertThat(count).contains("EnumerableStateAtEachRow(state=[threads]").contains("columns=[[]]");
        }
    }

    @Test
    void leftJoinKeepsRowsWithoutStateAndNullsHaveNone() throws SQLException {
        try (Connection c = connect(synthetic)) {
            long pid = single(c, "SELECT pid FROM events WHERE num = 5000");
            long fds = single(c, "SELECT count(*) FROM fds AS OF 5000 WHERE pid = " + pid);
            String left = "SELECT e.pid, f.fd FROM (VALUES (CAST(5000 AS BIGINT), 999999), (CAST(5000 AS BIGINT), " + pid
                    + ")) AS e(num, pid) LEFT JOIN LATERAL TABLE(fds_at(e.num, e.pid)) f ON TRUE";
            assertThat(plan(c, left)).contains("EnumerableStateAtEachRow(state=[fds], num=[$0], pid=[$1], joinType=[left]");
            List<String> rows = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(left)) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + "|" + rs.getString(2));
                }
            }
            assertThat(rows).contains("999999|null").hasSize(1 + (int) fds);
            assertThat(single(c, "SELECT count(*) FROM (VALUES (CAST(NULL AS BIGINT), " + pid + ")) AS e(num, pid), "
                    + "LATERAL TABLE(fds_at(e.num, e.pid))")).isZero();
        }
    }

    @Test
    void subQueryAboveThePerRowOperatorReadsItsColumns() throws SQLException {
        try (Connection c = connect(synthetic)) {
            long first = single(c, "SELECT MIN(num) FROM events WHERE type = 'read'");
            String query = "SELECT count(DISTINCT p.upid) FROM processes AS OF %s p WHERE EXISTS "
                    + "(SELECT 1 FROM ancestors AS OF %s a WHERE a.upid = p.upid AND a.ancestor_name = 'sh')";
            String at = "(SELECT MIN(num) FROM events WHERE type = 'read')";
            long bound = single(c, String.format(query, first, first));
            assertThat(bound).isPositive();
            assertThat(single(c, String.format(query, at, at))).isEqualTo(bound);
        }
    }

    private static void assertEveryFormEqualsAsOf(Path capture, long from, long to) throws SQLException {
        try (Connection c = connect(capture)) {
            Map<Long, Set<String>> lateral = perEvent(c, String.format(FORM_LATERAL, from, to));
            assertThat(lateral).as("the range has events with open fds").isNotEmpty();
            assertThat(perEvent(c, String.format(FORM_JOIN, from, to))).isEqualTo(lateral);
            assertThat(perEvent(c, String.format(FORM_FILTERED, from, to))).isEqualTo(lateral);
            Map<Long, Integer> pids = new TreeMap<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT num, pid FROM events WHERE num BETWEEN " + from + " AND " + to)) {
                while (rs.next()) {
                    pids.put(rs.getLong(1), rs.getInt(2));
                }
            }
            // The whole table at the point, filtered here: not the per-process index the fast path reads.
            try (PreparedStatement ps = c.prepareStatement("SELECT pid, ufd, fd, type, name, opened_num FROM fds AS OF ?")) {
                long step = Math.max(1, (to - from) / 150);
                for (long num = from; num <= to; num += step) {
                    ps.setLong(1, num);
                    Set<String> expected = new TreeSet<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getInt(1) == pids.get(num)) {
                                expected.add(rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                                        + rs.getString(5) + "|" + rs.getString(6));
                            }
                        }
                    }
                    assertThat(lateral.getOrDefault(num, Set.of())).as("event %d", num).isEqualTo(expected);
                }
            }
        }
    }

    private static Map<Long, Set<String>> perEvent(Connection c, String sql) throws SQLException {
        Map<Long, Set<String>> out = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 2; i <= 6; i++) {
                    cells.add(rs.getString(i));
                }
                out.computeIfAbsent(rs.getLong(1), n -> new TreeSet<>()).add(String.join("|", cells));
            }
        }
        return out;
    }

    private static String plan(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN PLAN FOR " + sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(Path capture) throws SQLException {
        return DriverManager.getConnection("jdbc:sysql:" + capture);
    }
}
