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
    void aBudgetBeyondTheHeapIsRefused() {
        assertThatThrownBy(() -> MemoryBudget.set(Runtime.getRuntime().maxMemory() + 1))
                .hasMessageContaining("a memory budget is between 1 and");
    }
}
