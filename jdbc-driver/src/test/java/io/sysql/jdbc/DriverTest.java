package io.sysql.jdbc;

import static io.sysql.jdbc.SampleCapture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.sql.schema.Tables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

class DriverTest {
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

    @Test
    void metadataListsEveryTableAndItsColumnsWithTypesAndRemarks() throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, "sysql", "%", null)) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("REMARKS"));
            }
        }
        assertThat(tables).hasSize(Tables.ALL.size() + 24)
                .contains("fds:one row per open fd of a process at the point (lsof)")
                .contains("top_files:files by bytes read and written (sysdig's topfiles_bytes)")
                .contains("top_processes_cpu:processes by CPU time used (user and system) (sysdig's topprocs_cpu)");
        try (ResultSet rs = md.getColumns(null, "sysql", "listening_ports", "address")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("REMARKS")).isEqualTo("local ip:port");
        }
        try (ResultSet rs = md.getColumns(null, "sysql", "events", "errno_name")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.VARCHAR);
            assertThat(rs.getString("REMARKS")).isEqualTo("symbolic errno (ENOENT, ...) when the call failed");
        }
        try (ResultSet rs = md.getColumns(null, "sysql", "events", "event_time")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.TIMESTAMP);
        }
    }

    @Test
    void metadataSaysNamesAreStoredAsDeclaredAndFindsThemSo() throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        // a client that believed names were upper-cased would look up "FDS" and find nothing
        assertThat(md.storesUpperCaseIdentifiers()).isFalse();
        assertThat(md.storesMixedCaseIdentifiers()).isTrue();
        try (ResultSet rs = md.getColumns(null, null, "fds", null)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("COLUMN_NAME")).isEqualTo("ufd");
        }
    }

    @Test
    void unnamedColumnsAreNamedByTheirText() throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), fd + 1, name AS n, pid FROM fds GROUP BY fd, name, pid\n"
                     + "ORDER BY COUNT(*) DESC")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(List.of(md.getColumnLabel(1), md.getColumnLabel(2), md.getColumnLabel(3), md.getColumnLabel(4)))
                    .containsExactly("COUNT(*)", "fd + 1", "n", "pid");
        }
    }

    @Test
    void nullsSortAfterTheValuesAscendingAndDescending() throws SQLException {
        String values = "SELECT x FROM (VALUES (2), (CAST(NULL AS INTEGER)), (3), (1)) AS t(x) ORDER BY x";
        assertThat(rows(c, values + " DESC")).containsExactly("3", "2", "1", "null");
        assertThat(rows(c, values)).containsExactly("1", "2", "3", "null");
        assertThat(rows(c, values + " DESC NULLS FIRST")).containsExactly("null", "3", "2", "1");
    }

    @Test
    void upperCaseAndQuotedUpperCaseIdentifiersWork() throws SQLException {
        assertThat(rows(c, "SELECT FD, NAME FROM FDS WHERE PID = 100")).containsExactly("3|/tmp/after");
        assertThat(rows(c, "SELECT \"FD\" FROM \"SYSQL\".\"FDS\" WHERE \"PID\" = 100")).containsExactly("3");
    }

    @Test
    void modificationsAreRefused() {
        for (String sql : List.of("INSERT INTO fds (fd) VALUES (1)", "DELETE FROM events", "CREATE TABLE t (a INT)",
                "  /* c */ drop table fds", "UPDATE processes SET name = 'x'")) {
            assertThatThrownBy(() -> rows(c, sql)).as(sql).hasStackTraceContaining("sysql captures are read-only");
        }
    }

    @Test
    void syntaxErrorsPointAtTheTextTheUserTyped() {
        // the rewrite inserts FOR SYSTEM_TIME and EVT( before the error: positions must not shift
        assertThatThrownBy(() -> rows(c, "SELECT fd FROM fds AS OF 12 WHERE WHERE pid = 1"))
                .hasStackTraceContaining("'WHERE' at line 1, column 35");
        assertThatThrownBy(() -> rows(c, "SELECT fd\nFROM fds AS OF 12\nWHERE pidd = 1"))
                .hasStackTraceContaining("line 3, column 7")
                .hasStackTraceContaining("did you mean 'pid'?");
    }

    @Test
    void unknownTablesSuggestTheClosest() {
        assertThatThrownBy(() -> rows(c, "SELECT * FROM proceses")).hasStackTraceContaining("did you mean 'processes'?");
    }

    @Test
    void eventsShowBufferErrnoAndTime() throws SQLException {
        assertThat(rows(c, "SELECT num, buffer, fd_name FROM events WHERE buffer LIKE '%ERROR%'"))
                .containsExactly(cap.writeError + "|ERROR: disk full.|/var/log/app.log");
        assertThat(rows(c, "SELECT path, errno, errno_name, failed FROM events WHERE failed"))
                .containsExactly("/nonexistent|2|ENOENT|true");
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT event_time, ts FROM events WHERE num = 1")) {
            assertThat(rs.next()).isTrue();
            Timestamp t = rs.getTimestamp(1);
            assertThat(t.getTime() * 1_000_000L).isEqualTo(rs.getLong(2));
            assertThat(rs.getString(1)).startsWith("2026-01-01 00:00:01");
        }
    }

    @Test
    void usersGroupsAndCaptureRow() throws SQLException {
        assertThat(rows(c, "SELECT uid, name, shell FROM users")).containsExactly("0|root|/bin/bash");
        assertThat(rows(c, "SELECT gid, name FROM groups")).containsExactly("0|root");
        assertThat(rows(c, "SELECT source, events, state, format_version FROM capture"))
                .containsExactly("test|" + cap.last + "|complete|" + io.sysql.storage.journal.EventCodec.FORMAT_VERSION);
        assertThat(rows(c, "SELECT user_name, group_name, threads, fd_count FROM processes WHERE pid = 100"))
                .containsExactly("root|root|1|1");
    }

    @Test
    void aMissingCaptureIsAClearError() {
        assertThatThrownBy(() -> DriverManager.getConnection(SysqlDriver.PREFIX + dir.resolve("nothing")))
                .isInstanceOf(SQLException.class).hasMessageContaining("no such capture directory");
    }
}
