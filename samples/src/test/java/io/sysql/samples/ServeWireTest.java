package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code sysql serve} over a synthetic capture of 300,000 events, reached by the standalone driver (in a
 * class loader of its own), by sqlline and by curl: metadata, cancel and timeout over the wire, faults
 * that must not stop the server, Basic authentication, the JSON protocol, and the refusal to serve an
 * open address without a password.
 */
class ServeWireTest {
    /** The generic per-row plan (an expression argument), a table function call per event: long on any machine. */
    static final String LONG_QUERY = "SELECT COUNT(*) FROM events e, LATERAL TABLE(fds_at(e.num + 0)) f";

    @TempDir
    static Path tmp;
    static Path capture;
    static ServeProcess server;
    static Driver driver;

    @BeforeAll
    static void serve() throws IOException {
        capture = tmp.resolve("cap");
        SyntheticCapture.write(capture, 300_000, 20);
        server = ServeProcess.start(tmp, List.of(), capture.toString(), "--max-rows-per-frame", "100");
        driver = RemoteJar.driver();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    static Connection connect() throws SQLException {
        return RemoteJar.connect(driver, server.jdbcUrl + ";timeZone=UTC", null, null);
    }

    @Test
    void metadataListsTablesColumnsAndTypesAndTheDriverHasARealVersion() throws SQLException {
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDriverName()).isEqualTo("sysql remote JDBC driver");
            assertThat(md.getDriverVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, "sysql", "%", null)) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("processes", "threads", "fds", "events", "fds_history", "capture");
            try (ResultSet rs = md.getColumns(null, "sysql", "fds", "local_port")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.INTEGER);
            }
            try (ResultSet rs = md.getColumns(null, "sysql", "events", "ts")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.BIGINT);
            }
        }
    }

    @Test
    void aHugeResultStreamsInBoundedFrames() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.setFetchSize(1_000_000); // asks for everything at once; the server sends 100 rows a frame
            long rows = 0;
            try (ResultSet rs = s.executeQuery("SELECT * FROM events")) {
                while (rs.next()) {
                    rows++;
                }
            }
            assertThat(rows).isBetween(300_000L, 300_001L); // the last step may write two events
        }
    }

    @Test
    void cancelStopsTheQueryOnTheServerAndTheStatementIsUsableAfter() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeQuery(LONG_QUERY).next()).hasStackTraceContaining("query cancelled");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            canceller.get();
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM processes")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(21);
            }
        }
        assertThat(server.logText()).contains("query cancelled");
    }

    @Test
    void queryTimeoutStopsTheQueryOnTheServer() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeQuery(LONG_QUERY).next()).hasStackTraceContaining("query timed out");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
        }
    }

    @Test
    void aClientKilledMidResultAndAMalformedRequestLeaveTheServerServingOthers() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(java.io.File.pathSeparator, RemoteJar.sqllineClasspath()), "sqlline.SqlLine",
                "-u", server.jdbcUrl, "-n", "", "-p", "", "--outputformat=csv", "-e", "SELECT * FROM events;"));
        Process reader = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] some = reader.getInputStream().readNBytes(20_000); // it is in the middle of the result
        assertThat(new String(some, StandardCharsets.UTF_8)).contains("worker");
        reader.destroyForcibly().waitFor();

        Process garbage = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "Content-Type: application/octet-stream", "--data-binary", "this is not protobuf", server.httpUrl)
                .start();
        assertThat(new String(garbage.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("500");

        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM fds AS OF 150000 WHERE type = 'ipv4'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isPositive();
        }
        String log = server.logText();
        assertThat(log.lines().filter(l -> l.contains("undecodable request"))).hasSize(1);
        assertThat(log).doesNotContain("\tat ");
    }

    @Test
    void anOpenAddressWithoutAPasswordIsRefused() throws Exception {
        Process p = SysqlProcess.builder("serve", capture.toString(), "--bind", "0.0.0.0", "--port", "0")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("refusing to serve").contains("without authentication").contains("--password-file");
    }

    @Test
    void basicAuthAndTheJsonProtocolWithCurl() throws Exception {
        Path password = tmp.resolve("password");
        Files.writeString(password, "correct horse\n");
        try (ServeProcess json = ServeProcess.start(tmp, List.of(), capture.toString(), "--serialization", "json",
                "--user", "ana", "--password-file", password.toString(), "--max-rows-per-frame", "5")) {
            assertThat(curl(json, null, "{\"request\":\"openConnection\",\"connectionId\":\"k\"}")).startsWith("401");
            assertThat(curl(json, "ana:wrong", "{\"request\":\"openConnection\",\"connectionId\":\"k\"}"))
                    .startsWith("401").doesNotContain("worker");

            String who = "ana:correct horse";
            assertThat(curl(json, who, "{\"request\":\"openConnection\",\"connectionId\":\"k\"}")).startsWith("200");
            String created = curl(json, who, "{\"request\":\"createStatement\",\"connectionId\":\"k\"}");
            String id = created.replaceAll("(?s).*\"statementId\":(\\d+).*", "$1");
            String result = curl(json, who, "{\"request\":\"prepareAndExecute\",\"connectionId\":\"k\",\"statementId\":" + id
                    + ",\"sql\":\"SELECT pid, fd FROM fds AS OF (SELECT MIN(num) FROM events WHERE type = 'close')"
                    + " ORDER BY pid, fd\",\"maxRowCount\":-1,\"maxRowsInFirstFrame\":-1}");
            // asked for every row in the first frame; got the server's bound, and not done
            assertThat(result).startsWith("200").contains("\"done\":false");
            assertThat(result.split("\"rows\":\\[")[1].split("\\[").length - 1).isEqualTo(5);
            // a client that names no first-frame size gets rows in it all the same
            String plain = curl(json, who, "{\"request\":\"prepareAndExecute\",\"connectionId\":\"k\",\"statementId\":"
                    + id + ",\"sql\":\"SELECT pid FROM processes ORDER BY pid\",\"maxRowCount\":-1}");
            assertThat(plain).startsWith("200").contains("\"rows\":[[");

            String rows = sqlline(json.jdbcUrl, "ana", "correct horse", "SELECT COUNT(*) AS n FROM processes;");
            assertThat(rows).contains("'n'").contains("'21'");
            assertThat(sqlline(json.jdbcUrl, "ana", "nope", "SELECT COUNT(*) AS n FROM processes;"))
                    .contains("401").doesNotContain("'21'");
            assertThatThrownBy(() -> RemoteJar.connect(driver, json.jdbcUrl, "ana", "nope"))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("cannot connect to " + json.jdbcUrl.replace(";serialization=json", "")
                            + ": the server refused the user and password (HTTP 401)")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28000");
        }
    }

    private static String curl(ServeProcess s, String userPassword, String body) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-w", "%{http_code}\n", "-o", "-",
                "-H", "Content-Type: application/json", "--data-binary", body, s.httpUrl));
        if (userPassword != null) {
            cmd.addAll(1, List.of("-u", userPassword));
        }
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        int nl = out.lastIndexOf('\n', out.length() - 2);
        String status = out.substring(nl + 1).trim();
        return status + " " + out.substring(0, Math.max(nl, 0));
    }

    private static String sqlline(String url, String user, String password, String sql) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(java.io.File.pathSeparator, RemoteJar.sqllineClasspath()), "sqlline.SqlLine",
                "-u", url, "-n", user, "-p", password, "--outputformat=csv", "-e", sql));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
