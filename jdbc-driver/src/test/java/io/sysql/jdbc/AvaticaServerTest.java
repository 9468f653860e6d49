package io.sysql.jdbc;

import static io.sysql.jdbc.SampleCapture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.jdbc.server.ServerConfig;
import io.sysql.jdbc.server.SysqlServer;
import org.apache.calcite.avatica.AvaticaSqlException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/** The Avatica server over a capture, reached with Avatica's own remote driver and raw HTTP. */
class AvaticaServerTest {
    static final String FD_LEAK = "SELECT fd, name FROM fds AS OF (SELECT MIN(num) FROM events"
            + " WHERE proc_name = 'myapp' AND type = 'procexit') WHERE proc_name = 'myapp' ORDER BY fd";

    @TempDir
    static Path dir;
    static Path cap;
    static SysqlServer server;

    @BeforeAll
    static void start() throws Exception {
        cap = dir.resolve("cap");
        SampleCapture.write(cap);
        server = SysqlServer.start(ServerConfig.local(cap, 0).withLimits(2, 60));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Connection remote(SysqlServer s, String extra) throws SQLException {
        return DriverManager.getConnection(s.avaticaUrl() + ";timeZone=UTC" + extra);
    }

    @Test
    void timeTravelShorthandRunsServerSideAndAnswersLikeTheEmbeddedDriver() throws SQLException {
        List<String> embedded;
        try (Connection local = SampleCapture.connect(cap)) {
            embedded = rows(local, FD_LEAK);
        }
        try (Connection c = remote(server, "")) {
            assertThat(rows(c, FD_LEAK)).isEqualTo(embedded).containsExactly("3|/var/log/app.log", "5|127.0.0.1:8080");
        }
    }

    @Test
    void aTimeBoundToAsOfQuestionMarkOverTheWireIsThatTime() throws SQLException {
        // event i is at T0 + i s; half a second after an event, its state is the point's
        String sql = "SELECT COUNT(*) FROM fds AS OF ? WHERE proc_name = 'myapp'";
        try (Connection c = remote(server, ""); PreparedStatement ps = c.prepareStatement(sql)) {
            for (long event = 1; event <= 20; event++) {
                ps.setTimestamp(1, Timestamp.from(java.time.Instant.ofEpochSecond(0,
                        SampleCapture.T0 + event * SampleCapture.SECOND + SampleCapture.SECOND / 2)));
                List<String> byTime = rows(ps.executeQuery());
                ps.setLong(1, event);
                assertThat(byTime).as("at event " + event).isEqualTo(rows(ps.executeQuery()));
            }
        }
    }

    @Test
    void resultsLargerThanAFrameArriveWhole() throws SQLException {
        // the server sends at most 2 rows per frame here, whatever the client asks for
        try (Connection c = remote(server, "")) {
            assertThat(rows(c, "SELECT num FROM events ORDER BY num")).hasSize(20).startsWith("1", "2", "3");
        }
    }

    @Test
    void modificationsAreRefusedOverTheWire() throws SQLException {
        try (Connection c = remote(server, "")) {
            assertThatThrownBy(() -> rows(c, "DELETE FROM events")).hasMessageContaining("sysql captures are read-only");
            assertThatThrownBy(() -> rows(c, "CREATE TABLE t (a INT)")).hasMessageContaining("read-only");
        }
    }

    @Test
    void connectionPropertiesCannotPointTheServerAtOtherFilesOrSchemas() throws SQLException {
        // each would make Calcite read a file or build another schema if it reached the server's driver
        for (String evil : List.of(";model=/etc/passwd", ";schemaFactory=org.apache.calcite.adapter.jdbc.JdbcSchema$Factory",
                ";model=inline:{version:'1.0',schemas:[{name:'x',type:'custom',factory:'nope'}]}")) {
            try (Connection c = remote(server, evil)) {
                assertThat(rows(c, "SELECT COUNT(*) FROM events")).as(evil).containsExactly("20");
                assertThat(rows(c, "SELECT COUNT(*) FROM \"metadata\".\"TABLES\" WHERE \"tableSchem\" = 'x'"))
                        .containsExactly("0");
            }
        }
    }

    @Test
    void boundToEveryAddressTheUrlGivenIsOneAClientConnectsTo() throws Exception {
        ServerConfig config = ServerConfig.local(cap, 0).withBind("0.0.0.0").withUser("ana", "s3cret pass");
        try (SysqlServer s = SysqlServer.start(config)) {
            assertThat(URI.create(s.httpUrl()).getHost()).isNotEqualTo("0.0.0.0");
            Properties p = new Properties();
            p.setProperty("avatica_user", "ana");
            p.setProperty("avatica_password", "s3cret pass");
            try (Connection c = DriverManager.getConnection(s.avaticaUrl(), p)) {
                assertThat(rows(c, "SELECT COUNT(*) FROM processes")).containsExactly("2");
            }
        }
    }

    @Test
    void basicAuthenticationAnswers401ToAMissingOrWrongPasswordAndServesTheRightOne() throws Exception {
        ServerConfig config = ServerConfig.local(cap, 0).withJson(true).withUser("ana", "s3cret pass");
        try (SysqlServer s = SysqlServer.start(config)) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(post(http, s, null).statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = post(http, s, "ana:nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("events");
            assertThat(post(http, s, "ana:s3cret pass").statusCode()).isEqualTo(200);

            Properties p = new Properties();
            p.setProperty("avatica_user", "ana");
            p.setProperty("avatica_password", "s3cret pass");
            try (Connection c = DriverManager.getConnection(s.avaticaUrl(), p)) {
                assertThat(rows(c, "SELECT COUNT(*) FROM processes")).containsExactly("2");
            }
            p.setProperty("avatica_password", "wrong");
            assertThatThrownBy(() -> DriverManager.getConnection(s.avaticaUrl(), p)).hasStackTraceContaining("401");

            HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(URI.create(s.httpUrl()))
                    .header("Authorization", "Basic !!!x")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"openConnection\",\"connectionId\":\"c1\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(malformed.statusCode()).isEqualTo(401);
            assertThat(malformed.body()).isEqualTo("401 malformed Authorization header\n");
        }
    }

    @Test
    void aQueryFailingInGeneratedCodeIsAnErrorResponseNotJettysErrorPage() throws Exception {
        ServerConfig config = ServerConfig.local(cap, 0).withJson(true);
        try (SysqlServer s = SysqlServer.start(config)) {
            HttpClient http = HttpClient.newHttpClient();
            call(http, s, "{\"request\":\"openConnection\",\"connectionId\":\"z\"}");
            String statement = call(http, s, "{\"request\":\"createStatement\",\"connectionId\":\"z\"}").body()
                    .replaceAll("(?s).*\"statementId\":(\\d+).*", "$1");
            HttpResponse<String> divided = call(http, s, "{\"request\":\"prepareAndExecute\",\"connectionId\":\"z\","
                    + "\"statementId\":" + statement + ",\"sql\":\"SELECT 1/0\",\"maxRowCount\":-1}");
            assertThat(divided.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(divided.body()).startsWith("{\"response\":\"error\"").contains("query failed: / by zero")
                    .doesNotContain("<html");
            assertNoJavaTrace(divided.body());
            assertNoJavaTrace(call(http, s, "{\"request\":\"prepareAndExecute\",\"connectionId\":\"nobody\"}").body());
            try (Connection c = remote(s, ";serialization=json")) {
                assertThat(rows(c, "SELECT COUNT(*) FROM processes")).containsExactly("2");
            }
        }
    }

    @Test
    void errorAnswersCarryTheMessageNotTheServersStackTraces() throws Exception {
        HttpResponse<String> undecodable = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.httpUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"openConnection\",\"connectionId\":\"x\"}"))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        assertThat(undecodable.statusCode()).isEqualTo(500);
        assertNoJavaTrace(undecodable.body());

        try (Connection c = remote(server, "")) {
            assertThatThrownBy(() -> rows(c, "SELECT 1/0")).hasMessageContaining("query failed: / by zero")
                    .satisfies(e -> assertThat(serverTraces(e)).singleElement().satisfies(AvaticaServerTest::assertNoJavaTrace));
            assertThatThrownBy(() -> rows(c, "SELECT nope FROM events")).hasMessageContaining("Column 'nope' not found in any table")
                    .satisfies(e -> assertThat(serverTraces(e)).singleElement().satisfies(AvaticaServerTest::assertNoJavaTrace));
            assertThat(rows(c, "SELECT COUNT(*) FROM processes")).containsExactly("2");
        }
    }

    /** What the server sent along with an error the remote driver raised. */
    private static List<String> serverTraces(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AvaticaSqlException sent) {
                return sent.getStackTraces();
            }
        }
        throw new AssertionError("not an error answered by the server", e);
    }

    private static void assertNoJavaTrace(String answer) {
        assertThat(answer).doesNotContain("\tat ").doesNotContain("Exception:").doesNotContain("Caused by");
    }

    @Test
    void aConnectionCannotUseOrCloseAnotherConnectionsStatement() throws Exception {
        try (SysqlServer s = SysqlServer.start(ServerConfig.local(cap, 0).withJson(true))) {
            HttpClient http = HttpClient.newHttpClient();
            call(http, s, "{\"request\":\"openConnection\",\"connectionId\":\"alice\"}");
            call(http, s, "{\"request\":\"openConnection\",\"connectionId\":\"bob\"}");
            String alices = call(http, s, "{\"request\":\"createStatement\",\"connectionId\":\"alice\"}").body()
                    .replaceAll("(?s).*\"statementId\":(\\d+).*", "$1");
            String count = ",\"statementId\":" + alices + ",\"sql\":\"SELECT COUNT(*) FROM processes\",\"maxRowCount\":-1,\"maxRowsInFirstFrame\":-1}";

            HttpResponse<String> bobRuns = call(http, s, "{\"request\":\"prepareAndExecute\",\"connectionId\":\"bob\"" + count);
            assertThat(bobRuns.body()).contains("\"missingStatement\":true").doesNotContain("\"rows\"");
            call(http, s, "{\"request\":\"closeStatement\",\"connectionId\":\"bob\",\"statementId\":" + alices + "}");

            HttpResponse<String> aliceRuns = call(http, s, "{\"request\":\"prepareAndExecute\",\"connectionId\":\"alice\"" + count);
            assertThat(aliceRuns.statusCode()).isEqualTo(200);
            assertThat(aliceRuns.body()).contains("\"rows\":[[2]]");
        }
    }

    @Test
    void connectionsBeyondTheLimitsAreRefusedNotEvictingOthers() throws Exception {
        ServerConfig config = ServerConfig.local(cap, 0).withJson(true).withConnectionLimits(3, 2);
        try (SysqlServer s = SysqlServer.start(config)) {
            HttpClient http = HttpClient.newHttpClient();
            for (String id : List.of("c1", "c2")) {
                assertThat(call(http, s, "{\"request\":\"openConnection\",\"connectionId\":\"" + id + "\"}").statusCode())
                        .isEqualTo(200);
            }
            HttpResponse<String> third = call(http, s, "{\"request\":\"openConnection\",\"connectionId\":\"c3\"}");
            assertThat(third.body()).contains("connection refused: 127.0.0.1 has 2 connections open, the limit for one client");
            String statement = call(http, s, "{\"request\":\"createStatement\",\"connectionId\":\"c1\"}").body()
                    .replaceAll("(?s).*\"statementId\":(\\d+).*", "$1");
            assertThat(call(http, s, "{\"request\":\"prepareAndExecute\",\"connectionId\":\"c1\",\"statementId\":"
                    + statement + ",\"sql\":\"SELECT COUNT(*) FROM processes\",\"maxRowCount\":-1,\"maxRowsInFirstFrame\":-1}").body())
                    .contains("\"rows\":[[2]]");

            call(http, s, "{\"request\":\"closeConnection\",\"connectionId\":\"c2\"}");
            assertThat(call(http, s, "{\"request\":\"openConnection\",\"connectionId\":\"c3\"}").statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> SysqlServer.start(ServerConfig.local(cap, 0).withConnectionLimits(1, 2)))
                .hasMessageContaining("connection limits");
        assertThatThrownBy(() -> SysqlServer.start(ServerConfig.local(cap, 0).withLimits(2, -1)))
                .hasMessageContaining("the query timeout is 0 (no limit) or more seconds, not -1");
        assertThatThrownBy(() -> SysqlServer.start(ServerConfig.local(cap, 0).withBind("0.0.0.0").withUser("ana", " ")))
                .hasMessageContaining("the password is empty or only spaces");
        assertThatThrownBy(() -> SysqlServer.start(ServerConfig.local(cap, 0).withBind("0.0.0.0").withUser("ana", "short")))
                .hasMessageContaining("needs at least 8");
    }

    private static HttpResponse<String> call(HttpClient http, SysqlServer s, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.httpUrl())).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, SysqlServer s, String userPassword) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.httpUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"request\":\"openConnection\",\"connectionId\":\"c1\"}"));
        if (userPassword != null) {
            b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindingBeyondLoopbackWithoutAuthenticationRefusesToStart() {
        ServerConfig open = ServerConfig.local(cap, 0).withBind("0.0.0.0");
        assertThatThrownBy(() -> SysqlServer.start(open)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without authentication").hasMessageContaining("--user");
    }

    @Test
    void tlsServesHttpsToAClientThatTrustsTheKeystore() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sysql", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        ServerConfig config = ServerConfig.local(cap, 0).withTls(keystore, "changeit");
        try (SysqlServer s = SysqlServer.start(config)) {
            assertThat(s.httpUrl()).startsWith("https://127.0.0.1:");
            assertThat(s.jdbcUrl()).endsWith(";tls=true");
            String trust = ";truststore=" + keystore + ";truststore_password=changeit;truststore_type=PKCS12";
            try (Connection c = DriverManager.getConnection(s.avaticaUrl() + trust)) {
                assertThat(rows(c, "SELECT COUNT(*) FROM processes")).containsExactly("2");
            }
            // Plain HTTP to the TLS port: answered at once, not left waiting for a handshake.
            HttpResponse<String> plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build()
                    .send(HttpRequest.newBuilder(URI.create(s.httpUrl().replace("https:", "http:")))
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(400);
            assertThat(plain.body()).isEqualTo("400 this server speaks HTTPS: use https:// (the sysql driver: ;tls=true)\n");
        }
    }

    @Test
    void listensOnLoopbackOnlyByDefault() {
        assertThat(server.httpUrl()).startsWith("http://127.0.0.1:");
    }

    @Test
    void aPortInUseIsSaidInOneLine() {
        assertThatThrownBy(() -> SysqlServer.start(ServerConfig.local(cap, server.port())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port " + server.port() + " is in use on 127.0.0.1: choose another (0 picks a free one)");
    }

    @Test
    void aPortBeyondTcpsRangeIsSaidInOneLine() {
        for (int port : new int[] {-1, 65536, 99999}) {
            assertThatThrownBy(() -> SysqlServer.start(ServerConfig.local(cap, port)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the port is 0 (any free one) to 65535, not " + port);
        }
    }
}
