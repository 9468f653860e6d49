package io.sysql.sql.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule users rely on to find a time as a TIMESTAMP: every column of nanoseconds since the epoch ({@code ts},
 * {@code X_ts}) of every table has its time twin declared right after it, {@code event_time} for {@code ts},
 * {@code X_time} for {@code X_ts}; and a twin is only ever that.
 */
class TimeTwinRuleTest {

    @Test
    void everyColumnOfNanosecondsHasItsTimeTwinRightAfterIt() {
        List<String> missing = new ArrayList<>();
        for (TableDef<?> table : Tables.ALL) {
            List<? extends Column<?>> columns = table.columns();
            for (int i = 0; i < columns.size(); i++) {
                Column<?> c = columns.get(i);
                if (c.type() != SqlType.BIGINT || !(c.name().equals("ts") || c.name().endsWith("_ts"))) {
                    continue;
                }
                String twin = c.name().equals("ts") ? "event_time" : c.name().replaceFirst("_ts$", "_time");
                Column<?> next = i + 1 < columns.size() ? columns.get(i + 1) : null;
                if (next == null || !next.name().equals(twin) || next.type() != SqlType.TIMESTAMP
                        || !c.name().equals(table.nanosOf(twin))) {
                    missing.add(table.name() + "." + c.name() + " (no " + twin + " after it)");
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void aTwinIsATimestampRightAfterItsColumnOfNanoseconds() {
        int twins = 0;
        for (TableDef<?> table : Tables.ALL) {
            List<? extends Column<?>> columns = table.columns();
            for (int i = 0; i < columns.size(); i++) {
                Column<?> c = columns.get(i);
                if (c.twinOf() != null) {
                    twins++;
                    assertThat(c.type()).as("%s.%s", table.name(), c.name()).isEqualTo(SqlType.TIMESTAMP);
                    assertThat(columns.get(i - 1).name()).as("%s.%s", table.name(), c.name()).isEqualTo(c.twinOf());
                }
            }
        }
        assertThat(twins).as("processes, threads, fds, containers, events, the history tables, capture").isGreaterThan(20);
    }

    @Test
    void aTwinMustFollowABigintColumnOfNanoseconds() {
        TableDef.Builder<long[]> b = TableDef.<long[]>builder("t", TableKind.CATALOG, "").varchar("name_ts", "", r -> "x");
        assertThatThrownBy(() -> b.timeOf("name_time", "name_ts", ""))
                .hasMessage("t.name_time: no BIGINT column name_ts declared before it");
    }
}
