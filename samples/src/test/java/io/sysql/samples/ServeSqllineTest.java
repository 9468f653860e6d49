package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real client against a real server: the leaky sample recorded under strace, served by
 * {@code sysql serve}, queried by sqlline with nothing but the standalone driver jar (and sqlline's own
 * jars) on its classpath.
 */
class ServeSqllineTest {
    static final String LEAK_POINT = "(SELECT MIN(num) FROM events WHERE proc_name = 'leaky' AND type = 'procexit')";
    static final String START_POINT = "(SELECT MIN(num) FROM events WHERE proc_name = 'leaky' AND type = 'openat')";

    @TempDir
    static Path tmp;
    static Path capture;
    static ServeProcess server;

    @BeforeAll
    static void recordAndServe() throws IOException {
        Samples.assumeStrace();
        capture = tmp.resolve("cap");
        Path work = Files.createDirectories(tmp.resolve("work"));
        assertThat(Main.run("record", "-o", capture.toString(), "--", Samples.program("leaky").toString(),
                work.toString())).isZero();
        server = ServeProcess.start(tmp, List.of(), capture.toString());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    static String sqlline(String url, String user, String password, String... commands) throws Exception {
        Path script = Files.createTempFile(tmp, "script", ".sql");
        Files.write(script, List.of(commands), StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(java.io.File.pathSeparator, RemoteJar.sqllineClasspath()), "sqlline.SqlLine",
                "-u", url, "-n", user, "-p", password, "--outputformat=csv", "--showHeader=true",
                "--run=" + script));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void sqllineRunsTheFdLeakQueryAJoinAtTwoPointsAndListsTables() throws Exception {
        String out = sqlline(server.jdbcUrl, "", "",
                "SELECT fd, name FROM fds AS OF " + LEAK_POINT + " WHERE proc_name = 'leaky' AND type = 'file' ORDER BY fd;",
                // the processes as they were when leaky opened its first file, joined with the fds it had at its exit
                "SELECT p.name AS then_name, f.fd AS leaked_fd FROM processes AS OF " + START_POINT + " p"
                        + " JOIN fds AS OF " + LEAK_POINT + " f ON f.upid = p.upid"
                        + " WHERE p.name = 'leaky' AND f.type = 'file' ORDER BY f.fd;",
                "!tables");
        assertThat(out).doesNotContain("Error");
        assertThat(out).contains("'fd','name'");
        assertThat(out).containsPattern("'3','[^']*/work/leaky.log'").containsPattern("'4','[^']*/work/leaky.state'");
        assertThat(out).contains("'then_name','leaked_fd'").contains("'leaky','3'").contains("'leaky','4'");
        assertThat(out).contains("'fds'").contains("'events'").contains("'processes_history'");
    }

    @Test
    void theDriverReportsItsVersionAndTheServersProduct() throws Exception {
        String out = sqlline(server.jdbcUrl, "", "", "!dbinfo");
        assertThat(out).containsPattern("getDriverName\\s+sysql remote JDBC driver")
                .containsPattern("getDriverVersion\\s+\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void sqllineDescribesTablesColumnsAndKeysAsTyped() throws Exception {
        String out = sqlline(server.jdbcUrl, "", "", "!columns fds", "!describe processes", "!primarykeys fds");
        assertThat(out).doesNotContain("Error");
        assertThat(out).containsPattern("'sysql','fds','local_port','4','INTEGER'")
                .containsPattern("'sysql','fds','proc_name','12','VARCHAR'")
                .contains("'processes','fd_limit'").contains("'TABLE_CAT','TABLE_SCHEM','TABLE_NAME','COLUMN_NAME'");
    }

    @Test
    void aPreparedAsOfTimestampParameterOverTheRemoteJar() throws Exception {
        try (Connection c = RemoteJar.connect(RemoteJar.driver(), server.jdbcUrl, null, null)) {
            long leakNanos;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT ts FROM events WHERE num = " + LEAK_POINT)) {
                assertThat(rs.next()).isTrue();
                leakNanos = rs.getLong(1);
            }
            // JDBC carries a TIMESTAMP parameter in milliseconds: the point is the last event of that millisecond,
            // which may fall before or after leaky's opens (it runs for about a millisecond), so the answer is
            // compared with that event's state, for fds and for the processes alive then
            long leakMillis = leakNanos / 1_000_000;
            Timestamp leak = new Timestamp(leakMillis);
            String point = "(SELECT MAX(num) FROM events WHERE ts <= " + leakMillis * 1_000_000 + ")";
            for (String query : List.of("SELECT fd FROM fds AS OF %s WHERE proc_name = 'leaky' AND type = 'file' ORDER BY fd",
                    "SELECT pid FROM processes AS OF %s ORDER BY pid")) {
                List<Integer> expected = ints(c.prepareStatement(String.format(query, point)));
                try (PreparedStatement ps = c.prepareStatement(String.format(query, "TIMESTAMP ?"))) {
                    ps.setTimestamp(1, leak);
                    assertThat(ints(ps)).as(query).isEqualTo(expected);
                }
                if (query.contains("processes")) {
                    assertThat(expected).as("processes alive at the leak's millisecond").isNotEmpty();
                }
            }
        }
    }

    private static List<Integer> ints(PreparedStatement ps) throws SQLException {
        try (ps; ResultSet rs = ps.executeQuery()) {
            List<Integer> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getInt(1));
            }
            return values;
        }
    }

    @Test
    void aServerThatIsNotRunningIsAnSqlExceptionNamingItsUrl() {
        String url = "jdbc:sysql:remote://127.0.0.1:1";
        assertThatThrownBy(() -> RemoteJar.connect(RemoteJar.driver(), url, null, null))
                .isInstanceOf(SQLException.class).hasMessageContaining(url);
    }
}
