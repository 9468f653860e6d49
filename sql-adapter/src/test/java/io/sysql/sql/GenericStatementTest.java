package io.sysql.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

class GenericStatementTest {
    private static String generic(String sql) {
        return GenericStatement.of(sql).text();
    }

    @Test
    void comparedNumbersBecomeParametersOfTheLiteralsType() {
        GenericStatement s = GenericStatement.of(
                "SELECT count(*) FROM events WHERE ts BETWEEN 1767225600000000000 AND 1767225700000000000 AND pid=7"
                        + " AND res >= 0.50");
        assertThat(s.text()).isEqualTo("SELECT count(*) FROM events WHERE ts BETWEEN CAST(? AS BIGINT) AND "
                + "CAST(? AS BIGINT) AND pid=CAST(? AS INTEGER) AND res >= CAST(? AS DECIMAL(3, 2))");
        assertThat(s.values()).containsExactly(1767225600000000000L, 1767225700000000000L, 7, new BigDecimal("0.50"));
        assertThat(generic("SELECT * FROM events e JOIN fds f ON f.pid = e.pid AND f.fd <> 3 WHERE e.num < 10 "
                + "GROUP BY e.type HAVING count(*) > 2")).isEqualTo("SELECT * FROM events e JOIN fds f ON f.pid = e.pid "
                + "AND f.fd <> CAST(? AS INTEGER) WHERE e.num < CAST(? AS INTEGER) GROUP BY e.type "
                + "HAVING count(*) > CAST(? AS INTEGER)");
    }

    @Test
    void queriesDifferingOnlyInComparedNumbersShareTheirText() {
        assertThat(generic("SELECT * FROM fds AS OF 12 WHERE pid = 5"))
                .isEqualTo(generic("SELECT * FROM fds AS OF 99 WHERE pid = 8"))
                .isEqualTo("SELECT * FROM fds AS OF ? WHERE pid = CAST(? AS INTEGER)");
        assertThat(GenericStatement.of("SELECT * FROM fds AS OF 12 WHERE pid = 5").values()).containsExactly(12L, 5);
        // a literal of another type is another statement
        assertThat(generic("SELECT * FROM events WHERE num > 5")).isNotEqualTo(generic("SELECT * FROM events WHERE num > 5000000000"));
    }

    @Test
    void literalsThatAreNotComparedValuesStay() {
        for (String sql : new String[] {
                "SELECT num, 5 FROM events ORDER BY 2 DESC LIMIT 10 OFFSET 3",
                "SELECT type FROM events GROUP BY 1",
                "SELECT count(*) FILTER (WHERE pid = 5), (SELECT max(num) FROM events WHERE pid = 3) FROM events",
                "SELECT CASE WHEN pid = 5 THEN 1 END FROM events",
                "SELECT * FROM events WHERE res = -5 OR res > 1e3 OR pid IN (1, 2) OR fd_name = 'x'",
                "SELECT * FROM events WHERE event_time > TIMESTAMP '2026-01-01 00:00:00' + INTERVAL '1' SECOND",
                "SELECT * FROM fds AS OF TIMESTAMP '2026-01-01 00:00:00' WHERE substring(name FROM 2 FOR 3) = name",
                "SELECT sum(res) OVER (ORDER BY num ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM events",
                "SELECT * FROM TABLE(fds_at(12, 3))",
                "SELECT * FROM (SELECT * FROM fds AS OF 5) MATCH_RECOGNIZE (PATTERN (a) DEFINE a AS a.fd = 3)",
                "VALUES (1, 2)"}) {
            assertThat(generic(sql)).as(sql).isEqualTo(sql);
        }
        // the first operand is not lifted, and an expression's tail does not make its head a value
        assertThat(generic("SELECT * FROM events WHERE 5 < res AND res = 5 + 1"))
                .isEqualTo("SELECT * FROM events WHERE 5 < res AND res = CAST(? AS INTEGER) + 1");
    }

    @Test
    void numbersInFiltersOfSubqueriesOutsideTheSelectListAreLifted() {
        assertThat(generic("SELECT * FROM (SELECT * FROM events WHERE pid = 5) e WHERE e.num IN "
                + "(SELECT num FROM events WHERE res > 0)")).isEqualTo("SELECT * FROM (SELECT * FROM events WHERE "
                + "pid = CAST(? AS INTEGER)) e WHERE e.num IN (SELECT num FROM events WHERE res > CAST(? AS INTEGER))");
        assertThat(generic("WITH w AS (SELECT * FROM events WHERE num BETWEEN 1 AND 9) SELECT * FROM w"))
                .isEqualTo("WITH w AS (SELECT * FROM events WHERE num BETWEEN CAST(? AS INTEGER) AND "
                        + "CAST(? AS INTEGER)) SELECT * FROM w");
    }

    @Test
    void statementsWithParametersOrThatAreNotQueriesHaveNoGenericForm() {
        assertThat(GenericStatement.of("SELECT * FROM fds AS OF ? WHERE pid = 5")).isNull();
        assertThat(GenericStatement.of("EXPLAIN PLAN FOR SELECT * FROM events WHERE pid = 5")).isNull();
        assertThat(GenericStatement.of("")).isNull();
    }
}
