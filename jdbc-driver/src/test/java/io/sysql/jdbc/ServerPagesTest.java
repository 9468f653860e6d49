package io.sysql.jdbc;

import static io.sysql.jdbc.SampleCapture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.jdbc.server.Pages;
import io.sysql.jdbc.server.ServerConfig;
import io.sysql.jdbc.server.SysqlServer;
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
import java.sql.SQLException;
import java.util.Base64;
import java.util.Properties;

/**
 * Pages served beside the JDBC endpoint: they answer GETs, over their own connection to the served capture,
 * while Avatica keeps its requests (POSTs) on the same port, and they sit behind the server's authentication.
 */
class ServerPagesTest {
    @TempDir
    static Path dir;

    /** Answers GET /count with the number of events its connection counts, and 404 for anything else. */
    static Pages counting(Connection capture) {
        return (path, query) -> {
            if (!path.equals("/count")) {
                return new Pages.Answer(404, "text/plain", ("no " + path).getBytes(StandardCharsets.UTF_8));
            }
            try {
                String count = rows(capture, "SELECT COUNT(*) FROM events WHERE num > " + query.getOrDefault("over", "0"))
                        .get(0);
                return new Pages.Answer(200, "text/plain", count.getBytes(StandardCharsets.UTF_8));
            } catch (SQLException e) {
                return new Pages.Answer(400, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    static HttpResponse<String> send(HttpRequest.Builder template, String credentials) throws Exception {
        HttpRequest.Builder request = template.copy();
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pagesAnswerGetsWhileAvaticaKeepsItsRequestsOnTheSamePort() throws Exception {
        Path cap = dir.resolve("cap");
        SampleCapture.write(cap);
        try (SysqlServer s = SysqlServer.start(ServerConfig.local(cap, 0).withJson(true), ServerPagesTest::counting)) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(s.httpUrl() + "/count?over=15")), null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("5");
            assertThat(send(HttpRequest.newBuilder(URI.create(s.httpUrl() + "/other")), null).statusCode())
                    .isEqualTo(404);

            String open = "{\"request\":\"openConnection\",\"connectionId\":\"c1\"}";
            HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(s.httpUrl() + "/count"))
                    .POST(HttpRequest.BodyPublishers.ofString(open)), null);
            assertThat(posted.body()).contains("\"response\":\"openConnection\"");

            try (Connection c = DriverManager.getConnection(s.avaticaUrl() + ";timeZone=UTC")) {
                assertThat(rows(c, "SELECT COUNT(*) FROM events")).containsExactly("20");
            }
        }
    }

    @Test
    void pagesNeedTheServersPassword() throws Exception {
        Path cap = dir.resolve("cap-auth");
        SampleCapture.write(cap);
        ServerConfig config = ServerConfig.local(cap, 0).withUser("ana", "s3cret pass");
        try (SysqlServer s = SysqlServer.start(config, ServerPagesTest::counting)) {
            HttpRequest.Builder count = HttpRequest.newBuilder(URI.create(s.httpUrl() + "/count"));
            assertThat(send(count, null).statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = send(count, "ana:nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("20");
            HttpResponse<String> right = send(count, "ana:s3cret pass");
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).isEqualTo("20");

            Properties p = new Properties();
            p.setProperty("avatica_user", "ana");
            p.setProperty("avatica_password", "s3cret pass");
            try (Connection c = DriverManager.getConnection(s.avaticaUrl(), p)) {
                assertThat(rows(c, "SELECT COUNT(*) FROM processes")).containsExactly("2");
            }
        }
    }
}
