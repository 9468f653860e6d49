package io.sysql.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.sql.MemoryBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Past the memory budget, queries and their planning stop with a message saying so; within it they run. */
class MemoryBudgetTest {
    static final String SORTED_SELF_JOIN = "SELECT a.num, b.num FROM events a, events b, events c ORDER BY a.ts, b.ts";

    @TempDir
    Path dir;
    Connection c;
    long budget;

    @BeforeEach
    void open() throws SQLException {
        SampleCapture.write(dir.resolve("cap"));
        c = SampleCapture.connect(dir.resolve("cap"));
        budget = MemoryBudget.budget();
    }

    @AfterEach
    void restore() throws SQLException {
        MemoryBudget.set(budget);
        MemoryBudget.setPerQuery(0);
        c.close();
    }

    @Test
    void aQueryPastTheBudgetStopsSayingSoAndRunsAgainWithinIt() throws SQLException {
        System.gc(); // the budget counts what a collection leaves: have one
        MemoryBudget.set(1 << 20); // less than the JVM holds already
        assertThatThrownBy(() -> SampleCapture.rows(c, SORTED_SELF_JOIN)).isInstanceOf(SQLException.class)
                .hasMessageContaining("stopped: the heap held").hasMessageContaining("past the memory budget of 1 MB");

        MemoryBudget.set(budget);
        assertThat(SampleCapture.rows(c, "SELECT COUNT(*) FROM (" + SORTED_SELF_JOIN + ")")).hasSize(1);
    }

    @Test
    void aQueryPlannedWithinTheBudgetStopsWhenTheHeapPassesItWhileRunning() throws SQLException {
        try (PreparedStatement planned = c.prepareStatement(SORTED_SELF_JOIN)) {
            System.gc();
            MemoryBudget.set(1 << 20);
            assertThatThrownBy(() -> planned.executeQuery().next()).hasStackTraceContaining("query stopped: the heap held")
                    .hasStackTraceContaining("past the memory budget of 1 MB");
        }
    }

    @Test
    void aQueryHoldingMoreRowsThanItsShareStopsAloneAndOthersRun() throws SQLException {
        MemoryBudget.setPerQuery(1 << 20);
        // ~20 events to the fourth power: 160,000 rows to sort, some 20 MB as Calcite holds them
        String fourWaySort = "SELECT a.num, b.num, c.num, d.num FROM events a, events b, events c, events d"
                + " ORDER BY a.ts, b.ts, c.ts, d.ts";
        assertThatThrownBy(() -> SampleCapture.rows(c, fourWaySort)).isInstanceOf(SQLException.class)
                .hasMessageContaining("query stopped: its rows held in memory (ORDER BY) passed the per-query memory"
                        + " limit of 1 MB");
        String fourWayGroups = "SELECT a.num, b.num, c.num, d.num, COUNT(*) FROM events a, events b, events c,"
                + " events d GROUP BY a.num, b.num, c.num, d.num";
        assertThatThrownBy(() -> SampleCapture.rows(c, fourWayGroups))
                .hasMessageContaining("(GROUP BY) passed the per-query memory limit of 1 MB");
        String joinOfFourWay = "SELECT COUNT(*) FROM events a JOIN (SELECT b.num + c.num + d.num + e.num AS n"
                + " FROM events b, events c, events d, events e) x ON a.num = x.n";
        assertThatThrownBy(() -> SampleCapture.rows(c, joinOfFourWay))
                .hasMessageContaining("(join) passed the per-query memory limit of 1 MB");
        // the same connection, the same budget: a query that holds a few rows answers
        assertThat(SampleCapture.rows(c, "SELECT type, COUNT(*) FROM events GROUP BY type ORDER BY 2 DESC, 1"))
                .isNotEmpty();
        assertThat(SampleCapture.rows(c, "SELECT COUNT(*) FROM events a, events b, events c, events d")).hasSize(1);
    }

    @Test
    void aPerQueryLimitBeyondTheBudgetIsRefused() {
        assertThatThrownBy(() -> MemoryBudget.setPerQuery(MemoryBudget.budget() + 1))
                .hasMessageContaining("a per-query memory limit is between 1 and");
    }

    @Test
    void aBudgetBeyondTheHeapIsRefused() {
        assertThatThrownBy(() -> MemoryBudget.set(Runtime.getRuntime().maxMemory() + 1))
                .hasMessageContaining("a memory budget is between 1 and");
    }
}
