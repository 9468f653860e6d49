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

/** Queries sysql cannot answer as written get a sentence saying why, not a wrong answer or "null". */
class QueryMisuseTest {
    @TempDir
    static Path dir;
    static Connection c;
    static SampleCapture sample;

    @BeforeAll
    static void open() throws SQLException {
        sample = SampleCapture.write(dir.resolve("cap"));
        c = SampleCapture.connect(dir.resolve("cap"));
    }

    @AfterAll
    static void close() throws SQLException {
        c.close();
    }

    @Test
    void evtOutsideAsOfIsAnErrorNotAnInstantOf1970() {
        assertThatThrownBy(() -> SampleCapture.rows(c, "SELECT EVT(5)")).isInstanceOf(SQLException.class)
                .hasMessageContaining("EVT(n) names an event only in FOR SYSTEM_TIME AS OF EVT(n)");
        assertThatThrownBy(() -> SampleCapture.rows(c, "SELECT num FROM events WHERE event_time < EVT(num)"))
                .hasMessageContaining("EVT(n) names an event only in FOR SYSTEM_TIME AS OF EVT(n)");
    }

    @Test
    void evtInAsOfStillNamesAnEvent() throws SQLException {
        assertThat(SampleCapture.rows(c, "SELECT fd FROM fds FOR SYSTEM_TIME AS OF EVT(" + sample.exit
                + ") WHERE proc_name = 'myapp' ORDER BY fd")).containsExactly("3", "5");
    }

    @Test
    void tooDeeplyNestedOrTooLongSqlSaysSo() {
        String nested = "SELECT " + "(".repeat(3_000) + "1" + ")".repeat(3_000);
        String tooLong = "SELECT 1" + "+1".repeat(20_000);
        for (String sql : new String[] {nested, tooLong}) {
            assertThatThrownBy(() -> SampleCapture.rows(c, sql)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("query too long or too deeply nested to plan");
        }
    }
}
