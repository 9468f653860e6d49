package io.sysql.jdbc;

import static io.sysql.jdbc.SampleCapture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.jdbc.server.ServerConfig;
import io.sysql.jdbc.server.SysqlServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

class FleetTest {
    @TempDir
    static Path dir;
    static TwoHostCaptures caps;
    static Connection c;

    @BeforeAll
    static void write() throws SQLException {
        caps = TwoHostCaptures.write(dir.resolve("fleet/srv"), dir.resolve("fleet/cli"));
        c = connect(dir.resolve("fleet/srv") + "," + dir.resolve("fleet/cli"));
    }

    @AfterAll
    static void close() throws SQLException {
        c.close();
    }

    private static Connection connect(String dirs) throws SQLException {
        return DriverManager.getConnection(SysqlDriver.PREFIX + dirs + ";timeZone=UTC");
    }

    @Test
    void everyTableHasTheHostAndCaptureOfItsRows() throws SQLException {
        assertThat(rows(c, "SELECT host, capture, name FROM processes ORDER BY host"))
                .containsExactly("laptop|cli|curl", "web|srv|nginx");
        assertThat(rows(c, "SELECT host, capture, COUNT(*) FROM events GROUP BY host, capture ORDER BY host"))
                .containsExactly("laptop|cli|" + caps.clientLast, "web|srv|" + caps.serverLast);
        assertThat(rows(c, "SELECT host, capture, events FROM capture ORDER BY host"))
                .containsExactly("laptop|cli|" + caps.clientLast, "web|srv|" + caps.serverLast);
        try (ResultSet columns = c.getMetaData().getColumns(null, null, "fds", "%")) {
            List<String> last = new ArrayList<>();
            while (columns.next()) {
                last.add(columns.getString("COLUMN_NAME") + ": " + columns.getString("REMARKS"));
            }
            assertThat(last.subList(last.size() - 2, last.size())).allMatch(r -> !r.endsWith(": null"))
                    .extracting(r -> r.substring(0, r.indexOf(':'))).containsExactly("host", "capture");
        }
    }

    @Test
    void aDirectoryHoldingCapturesIsTheSameFleet() throws SQLException {
        try (Connection all = connect(dir.resolve("fleet").toString())) {
            assertThat(rows(all, "SELECT host, name FROM processes ORDER BY host"))
                    .containsExactly("laptop|curl", "web|nginx");
        }
    }

    @Test
    void aQueryNamingOneHostOpensOnlyItsCapture() throws SQLException {
        try (Connection fresh = connect(dir.resolve("fleet").toString())) {
            assertThat(rows(fresh, "SELECT name FROM processes WHERE host = 'web'")).containsExactly("nginx");
            assertThat(SysqlDriver.fleet(fresh).capturesOpened()).isEqualTo(1);
            try (PreparedStatement ps = fresh.prepareStatement(
                    "SELECT COUNT(*) FROM events WHERE host IN (?, 'nowhere') AND type = 'accept4'")) {
                ps.setString(1, "web");
                assertThat(SampleCapture.rows(ps.executeQuery())).containsExactly(String.valueOf(TwoHostCaptures.CONNECTIONS));
            }
            assertThat(SysqlDriver.fleet(fresh).capturesOpened()).isEqualTo(1);
            assertThat(rows(fresh, "SELECT name FROM processes WHERE capture <> 'srv'")).containsExactly("curl");
            assertThat(SysqlDriver.fleet(fresh).capturesOpened()).isEqualTo(2);
        }
    }

    @Test
    void eventsAreCountedInEachCaptureAndAddedUp() throws SQLException {
        for (String groups : List.of("host, type", "type", "capture")) {
            String counted = "SELECT " + groups + ", COUNT(*) FROM events GROUP BY " + groups + " ORDER BY " + groups;
            String rowByRow = counted.replace("COUNT(*)", "COUNT(num)"); // the rule takes only COUNT(*)
            assertThat(rows(c, "EXPLAIN PLAN FOR " + counted).get(0)).contains("fleet events GROUP BY");
            assertThat(rows(c, counted)).isEqualTo(rows(c, rowByRow));
        }
        assertThat(rows(c, "SELECT type, COUNT(*) FROM events WHERE host = 'web' AND type = 'accept4' GROUP BY type"))
                .containsExactly("accept4|" + TwoHostCaptures.CONNECTIONS);
        assertThat(rows(c, "SELECT COUNT(*) FROM events WHERE host = 'nowhere'")).containsExactly("0");
    }

    @Test
    void asOfAnEventNumberIsThatEventOfEachCapture() throws SQLException {
        long n = caps.connects.get(0); // on the server: the bind before its listen
        assertThat(rows(c, "SELECT host, fd, name FROM fds AS OF " + n + " WHERE fd > 2 ORDER BY host, fd"))
                .containsExactly("laptop|3|10.0.0.2:40001->10.0.0.1:80", "web|3|10.0.0.1:80");
        assertThatThrownBy(() -> rows(c, "SELECT * FROM fds AS OF " + caps.serverLast))
                .hasMessageContaining("capture cli (host laptop): AS OF " + caps.serverLast
                        + " is past the end of the capture: it has " + caps.clientLast + " events");
        assertThat(rows(c, "SELECT fd FROM fds AS OF " + caps.serverLast + " WHERE host = 'web' AND fd > 3"))
                .hasSize(2 * TwoHostCaptures.CONNECTIONS);
    }

    @Test
    void aCaptureChosenOnOneSideOfAJoinOnCaptureIsTheOnlyOneEitherSideReads() throws SQLException {
        String join = "SELECT f.fd, p.name FROM fds%s f JOIN processes%<s p ON f.upid = p.upid AND f.capture = p.capture"
                + " WHERE f.capture = 'srv' AND f.fd > %d";
        assertThat(rows(c, String.format(join, " AS OF " + caps.serverLast, 3))).as("past the end of cli's events")
                .hasSize(2 * TwoHostCaptures.CONNECTIONS).allMatch(row -> row.endsWith("|nginx"));
        try (Connection fresh = connect(dir.resolve("fleet").toString())) {
            assertThat(rows(fresh, String.format(join, "", -1))).isNotEmpty().allMatch(row -> row.endsWith("|nginx"));
            assertThat(SysqlDriver.fleet(fresh).capturesOpened()).isEqualTo(1);
        }
    }

    @Test
    void asOfATimestampIsOneInstantOnEveryHostsClock() throws SQLException {
        // the server's second accept; the client's clock is 100 s behind, so it has ended by then
        String t = "TIMESTAMP '2026-01-01 00:00:" + caps.accepts.get(1) + "'";
        assertThat(rows(c, "SELECT host, COUNT(*) FROM fds AS OF " + t + " WHERE fd > 2 GROUP BY host"))
                .containsExactly("web|4");
        String early = "TIMESTAMP '2025-12-31 23:58:" + (20 + caps.connects.get(0)) + "'";
        assertThat(rows(c, "SELECT host, fd, name FROM fds AS OF " + early + " WHERE fd > 2"))
                .containsExactly("laptop|3|10.0.0.2:40001->10.0.0.1:80");
    }

    /** The question of issue 20: each client connect with the server's accept of it, and the server's fds then. */
    static final String CONNECT_TO_ACCEPT = """
            SELECT conn.host AS client, conn.num AS connect_num, acc.host AS server, acc.num AS accept_num,
                   COUNT(f.fd) AS server_fds
              FROM events conn
              JOIN fds_history cf ON cf.capture = conn.capture AND cf.valid_from_num = conn.num AND cf.fd = conn.fd
              JOIN fds_history sf ON sf.is_server AND sf.host <> cf.host
                   AND sf.client_ip = cf.client_ip AND sf.client_port = cf.client_port
                   AND sf.server_ip = cf.server_ip AND sf.server_port = cf.server_port
              JOIN events acc ON acc.capture = sf.capture AND acc.num = sf.opened_num
              JOIN fds FOR SYSTEM_TIME AS OF EVT(acc.num) f ON f.pid = acc.pid
             WHERE conn.type = 'connect'
             GROUP BY conn.host, conn.num, acc.host, acc.num
             ORDER BY conn.num""";

    @Test
    void aClientsConnectsJoinTheServersAcceptsAndItsFdsThen() throws SQLException {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < TwoHostCaptures.CONNECTIONS; i++) {
            // the listening socket, the connections accepted so far and the logs opened before this accept,
            // none of the client's (its process has the same pid)
            expected.add("laptop|" + caps.connects.get(i) + "|web|" + caps.accepts.get(i) + "|" + (2 + 2 * i));
        }
        assertThat(rows(c, CONNECT_TO_ACCEPT)).containsExactlyElementsOf(expected);
    }

    @Test
    void perRowFunctionsNameTheCaptureOrReadEveryCapture() throws SQLException {
        long n = caps.accepts.get(0);
        assertThat(rows(c, "SELECT host, fd FROM TABLE(fds_at('srv', " + n + ")) WHERE fd > 2 ORDER BY fd"))
                .containsExactly("web|3", "web|4");
        assertThat(rows(c, "SELECT host, fd FROM TABLE(fds_at('srv', " + n + ", 300)) WHERE fd > 3"))
                .containsExactly("web|4");
        assertThat(rows(c, "SELECT host, COUNT(*) FROM TABLE(fds_at(" + n + ")) WHERE fd > 2 GROUP BY host ORDER BY host"))
                .containsExactly("laptop|1", "web|2");
        assertThatThrownBy(() -> rows(c, "SELECT * FROM TABLE(fds_at('db', 1))"))
                .hasMessageContaining("no capture named db");
        assertThat(rows(c, "SELECT host, fd FROM fds AS OF (SELECT MIN(num) FROM events WHERE type = 'accept4') "
                + "WHERE host = 'web' AND fd > 2 ORDER BY fd")).containsExactly("web|3", "web|4");
    }

    @Test
    void aServerOfSeveralCapturesAnswersRowsOfEveryHostOverTheWire() throws Exception {
        List<ServerConfig> configs = List.of(
                ServerConfig.local(List.of(dir.resolve("fleet/srv"), dir.resolve("fleet/cli")), 0),
                ServerConfig.local(dir.resolve("fleet"), 0)); // a directory holding the captures
        for (ServerConfig config : configs) {
            try (SysqlServer server = SysqlServer.start(config);
                 Connection remote = DriverManager.getConnection(server.avaticaUrl() + ";timeZone=UTC")) {
                assertThat(rows(remote, "SELECT host, capture, name FROM processes ORDER BY host"))
                        .containsExactly("laptop|cli|curl", "web|srv|nginx");
                assertThat(rows(remote, CONNECT_TO_ACCEPT)).isEqualTo(rows(c, CONNECT_TO_ACCEPT)).isNotEmpty();
            }
        }
    }
}
