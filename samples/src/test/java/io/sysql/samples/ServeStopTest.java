package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** {@code sysql serve} stops every query: at its --query-timeout, and when the server is told to stop. */
class ServeStopTest {
    /** Reads no capture table and never ends by itself. */
    static final String ENDLESS = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";

    @TempDir
    Path tmp;

    @Test
    void theQueryTimeoutStopsARecursiveQueryOverNoTable() throws Exception {
        Path capture = tmp.resolve("cap");
        SyntheticCapture.write(capture, 1_000, 5);
        Driver driver = RemoteJar.driver();
        try (ServeProcess server = ServeProcess.start(tmp, List.of(), capture.toString(), "--query-timeout", "2");
             Connection c = RemoteJar.connect(driver, server.jdbcUrl, null, null); // not closed: its server ends
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery(ENDLESS).next()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("query timed out after 2000 ms");
            assertThat(server.process.isAlive()).isTrue();
        }
    }

    @Test
    void sigtermDuringAnEndlessQueryEndsTheServer() throws Exception {
        Path capture = tmp.resolve("cap");
        SyntheticCapture.write(capture, 1_000, 5);
        Driver driver = RemoteJar.driver();
        try (ServeProcess server = ServeProcess.start(tmp, List.of(), capture.toString())) {
            Connection c = RemoteJar.connect(driver, server.jdbcUrl, null, null); // not closed: its server ends
            Statement s = c.createStatement();
            CompletableFuture<ResultSet> query = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.executeQuery(ENDLESS);
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            });
            Thread.sleep(2_000); // the query is running (it would run for ever)
            server.process.destroy();
            assertThat(server.process.waitFor(30, TimeUnit.SECONDS)).as("serve still running 30 s after SIGTERM").isTrue();
            assertThatThrownBy(() -> query.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class);
        }
    }
}
