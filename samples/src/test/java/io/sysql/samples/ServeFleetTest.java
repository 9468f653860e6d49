package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sysql serve} of a directory holding two imported captures, queried with the standalone remote
 * driver: one database, each row with its host and capture, the same rows as the embedded driver gives.
 */
class ServeFleetTest {
    static final String PER_CAPTURE = "SELECT capture, host, COUNT(*) FROM processes GROUP BY capture, host ORDER BY capture";

    @TempDir
    static Path tmp;

    @Test
    void servingADirectoryOfCapturesAnswersRowsOfEach() throws Exception {
        Path caps = tmp.resolve("caps");
        for (String name : List.of("connect_localhost", "curl_google")) {
            assertThat(Main.run("import", Path.of("scap", name + ".scap").toString(), "-o", caps.resolve(name).toString()))
                    .isZero();
        }
        List<String> embedded;
        try (Connection c = DriverManager.getConnection("jdbc:sysql:" + caps.toAbsolutePath())) {
            embedded = rows(c);
        }
        assertThat(embedded).hasSize(2).satisfies(r -> assertThat(r.get(0)).startsWith("connect_localhost|"),
                r -> assertThat(r.get(1)).startsWith("curl_google|"));
        try (ServeProcess server = ServeProcess.start(tmp, List.of(), caps.toString());
             Connection remote = RemoteJar.connect(RemoteJar.driver(), server.jdbcUrl, null, null)) {
            assertThat(rows(remote)).isEqualTo(embedded);
        }
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PER_CAPTURE)) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3));
            }
        }
        return rows;
    }
}
