package io.sysql.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;

/** Queries that read no capture table at all still stop when cancelled or out of time. */
class QueryStopTest {
    /** Never ends by itself: each iteration adds one row. */
    static final String ENDLESS = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";
    /** Ends, after 10^12 row pairs: a join of VALUES. */
    static final String HUGE_JOIN = "WITH t(x) AS (SELECT * FROM (VALUES 1,2,3,4,5,6,7,8,9,10)) "
            + "SELECT count(*) FROM t a, t b, t c, t d, t e, t f, t g, t h, t i, t j, t k, t l";

    @TempDir
    static Path dir;
    static Connection c;

    @BeforeAll
    static void open() throws SQLException {
        SampleCapture.write(dir.resolve("cap"));
        c = SampleCapture.connect(dir.resolve("cap"));
    }

    @AfterAll
    static void close() throws SQLException {
        c.close();
    }

    @Test
    void theTimeoutStopsAnEndlessRecursiveQuery() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            assertThatThrownBy(() -> s.executeQuery(ENDLESS).next()).hasStackTraceContaining("query timed out after 1000 ms");
        }
    }

    @Test
    void cancelStopsAJoinOfValues() throws Exception {
        try (Statement s = c.createStatement()) {
            CompletableFuture<Void> canceller = SampleCapture.cancelLater(s, 300);
            assertThatThrownBy(() -> s.executeQuery(HUGE_JOIN).next()).hasStackTraceContaining("query cancelled");
            canceller.get();
        }
    }

    @Test
    void aStoppedStatementRunsTheNextQuery() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            assertThatThrownBy(() -> s.executeQuery(ENDLESS).next()).hasStackTraceContaining("timed out");
            assertThat(SampleCapture.rows(c, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5000) "
                    + "SELECT count(*), sum(n) FROM r")).containsExactly("5000|12502500");
        }
    }
}
