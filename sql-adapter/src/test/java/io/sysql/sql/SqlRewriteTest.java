package io.sysql.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;

class SqlRewriteTest {
    private static String rewrite(String sql) {
        return SqlRewrite.of(sql, ZoneOffset.UTC).text();
    }

    @Test
    void shorthandFormsBecomeStandardSql() {
        assertThat(rewrite("SELECT * FROM fds AS OF 12 f")).isEqualTo("SELECT * FROM fds FOR SYSTEM_TIME AS OF EVT(12) f");
        assertThat(rewrite("SELECT * FROM fds as of ?")).isEqualTo("SELECT * FROM fds FOR SYSTEM_TIME as of EVT(CAST(? AS BIGINT))");
        assertThat(rewrite("SELECT * FROM fds AS OF TIMESTAMP '2026-01-01 00:00:00'"))
                .isEqualTo("SELECT * FROM fds FOR SYSTEM_TIME AS OF TIMESTAMP '2026-01-01 00:00:00'");
        assertThat(rewrite("SELECT * FROM fds AS OF TIMESTAMP ? WHERE pid = ?"))
                .isEqualTo("SELECT * FROM fds FOR SYSTEM_TIME AS OF CAST(? AS TIMESTAMP) WHERE pid = ?");
        assertThat(rewrite("SELECT * FROM events e JOIN fds AS OF e.num f ON f.pid = e.pid"))
                .isEqualTo("SELECT * FROM events e JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num) f ON f.pid = e.pid");
        assertThat(rewrite("SELECT fd FROM fds AS OF (SELECT MAX(num) FROM events) WHERE pid = 1"))
                .isEqualTo("SELECT fd FROM " + subqueryForm("fds", "SELECT MAX(num) FROM events") + " AS fds WHERE pid = 1");
    }

    /** The derived table a subquery point becomes (see AsOfRewriter). */
    private static String subqueryForm(String table, String subquery) {
        return "(SELECT \"$t\".* FROM (SELECT MIN(\"$c\") FROM (" + subquery + ") AS \"$q\"(\"$c\") HAVING "
                + "\"$AS_OF_ONE_ROW\"(COUNT(*), COUNT(\"$c\"))) AS \"$p\"(\"$n\") JOIN " + table
                + " FOR SYSTEM_TIME AS OF EVT(\"$p\".\"$n\") AS \"$t\" ON TRUE)";
    }

    @Test
    void everySubqueryPointBecomesTheSameDerivedTable() {
        String form = "SELECT fd FROM " + subqueryForm("sysql.fds", "SELECT MIN(num) FROM events WHERE type = 'close'");
        String sub = "(SELECT MIN(num) FROM events WHERE type = 'close')";
        assertThat(rewrite("SELECT fd FROM sysql.fds AS OF " + sub + " f")).isEqualTo(form + " f");
        assertThat(rewrite("SELECT fd FROM sysql.fds FOR SYSTEM_TIME AS OF " + sub + " f")).isEqualTo(form + " f");
        assertThat(rewrite("SELECT fd FROM sysql.fds FOR SYSTEM_TIME AS OF EVT(" + sub + ") f")).isEqualTo(form + " f");
        assertThat(rewrite("SELECT fd FROM sysql.fds AS OF evt(" + sub + ")")).isEqualTo(form + " AS fds");
        assertThat(rewrite("SELECT * FROM fds AS OF (WITH w AS (SELECT 1 AS n) SELECT n FROM w)"))
                .isEqualTo("SELECT * FROM " + subqueryForm("fds", "WITH w AS (SELECT 1 AS n) SELECT n FROM w") + " AS fds");
    }

    @Test
    void aStringPointIsRefusedNamingTheForms() {
        assertThatThrownBy(() -> rewrite("SELECT * FROM fds AS OF '2026-01-01 10:00:00'"))
                .isInstanceOf(SysqlQueryException.class)
                .hasMessage("AS OF '2026-01-01 10:00:00': a point is an event number, ?, TIMESTAMP '...' or "
                        + "(SELECT ...) giving an event number");
    }

    @Test
    void standardSqlStringsCommentsAndQuotedNamesAreLeftAlone() {
        for (String sql : new String[] {
            "SELECT * FROM fds FOR SYSTEM_TIME AS OF EVT(3)",
            "SELECT 'fds AS OF 3' FROM fds",
            "SELECT * FROM fds -- AS OF 3\n",
            "SELECT * FROM fds /* AS OF 3 */",
            "SELECT \"AS OF 3\" FROM fds",
        }) {
            assertThat(rewrite(sql)).isEqualTo(sql);
        }
    }

    @Test
    void isoTimestampsBecomeCalciteLiteralsOnTheConnectionsClock() {
        assertThat(rewrite("SELECT * FROM fds AS OF TIMESTAMP '2026-11-26T10:00:00Z'"))
                .isEqualTo("SELECT * FROM fds FOR SYSTEM_TIME AS OF TIMESTAMP '2026-11-26 10:00:00'");
        assertThat(rewrite("SELECT num FROM events WHERE event_time > TIMESTAMP '2026-11-26T10:00:00.250+01:00'"))
                .isEqualTo("SELECT num FROM events WHERE event_time > TIMESTAMP '2026-11-26 09:00:00.25'");
        assertThat(rewrite("SELECT TIMESTAMP '2026-11-26T10:00'")).isEqualTo("SELECT TIMESTAMP '2026-11-26 10:00:00'");
        assertThat(SqlRewrite.of("SELECT TIMESTAMP '2026-11-26T10:00:00-0500'", ZoneId.of("Europe/Paris")).text())
                .isEqualTo("SELECT TIMESTAMP '2026-11-26 16:00:00'");
        assertThat(rewrite("SELECT '2026-11-26T10:00:00Z'")).as("a string, not a timestamp").isEqualTo(
                "SELECT '2026-11-26T10:00:00Z'");
    }

    @Test
    void groupsNeedsNoQuotesWhereATableIsExpected() {
        assertThat(rewrite("SELECT name FROM groups")).isEqualTo("SELECT name FROM \"groups\"");
        assertThat(rewrite("SELECT * FROM users u JOIN sysql.groups g ON u.gid = g.gid"))
                .isEqualTo("SELECT * FROM users u JOIN sysql.\"groups\" g ON u.gid = g.gid");
    }

    @Test
    void positionsInMessagesMapBackToTheOriginalText() {
        RewrittenSql r = SqlRewrite.of("SELECT fd FROM fds AS OF 12\nWHERE x = 1", ZoneOffset.UTC);
        // "x" is at line 2, column 7 in both texts; "12" moved right in the rewritten text
        assertThat(r.mapPositions("Column 'x' at line 2, column 7")).isEqualTo("Column 'x' at line 2, column 7");
        int rewrittenColumn = r.text().indexOf("12") + 1;
        assertThat(r.mapPositions("at line 1, column " + rewrittenColumn)).isEqualTo("at line 1, column 26");
    }
}
