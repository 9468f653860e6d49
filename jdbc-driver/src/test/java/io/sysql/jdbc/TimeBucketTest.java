package io.sysql.jdbc;

import static io.sysql.jdbc.SampleCapture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** {@code time_bucket(INTERVAL, t)} cuts event times into buckets, on the ns columns and on event_time alike. */
class TimeBucketTest {
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
    void nanosecondBucketsStartAtTheWholeIntervalBelow() throws SQLException {
        assertThat(rows(c, "SELECT COUNT(*), SUM(CASE WHEN time_bucket(INTERVAL '1' SECOND, ts) = ts - MOD(ts, 1000000000)"
                + " AND time_bucket(INTERVAL '2.5' SECOND, ts) = ts - MOD(ts, 2500000000) THEN 1 ELSE 0 END) FROM events"))
                .singleElement().satisfies(r -> {
                    String[] f = r.split("\\|");
                    assertThat(Long.parseLong(f[0])).isGreaterThan(10);
                    assertThat(f[1]).isEqualTo(f[0]);
                });
    }

    @Test
    void timestampBucketsAreTimestamps() throws SQLException {
        assertThat(rows(c, "SELECT COUNT(*) FROM events"
                + " WHERE time_bucket(INTERVAL '1' MINUTE, event_time) <> FLOOR(event_time TO MINUTE)"
                + " OR time_bucket(INTERVAL '1' SECOND, event_time) > event_time")).containsExactly("0");
        assertThat(rows(c, "SELECT time_bucket(INTERVAL '1' HOUR, TIMESTAMP '2026-01-01 10:59:59.999')"))
                .containsExactly("2026-01-01 10:00:00");
    }

    @Test
    void aWidthBelowAMillisecondIsAnError() {
        assertThatThrownBy(() -> rows(c, "SELECT time_bucket(INTERVAL '0' SECOND, ts) FROM events"))
                .hasMessageContaining("the width must be at least a millisecond");
    }
}
