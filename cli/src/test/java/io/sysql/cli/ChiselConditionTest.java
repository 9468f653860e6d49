package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The chisels put the user's --where and --at into their SQL: any condition works, subqueries included,
 * but none can make a chisel show rows that are not its table's (a UNION over users, a second statement).
 */
class ChiselConditionTest {
    @TempDir
    static Path tmp;
    static String cap;

    @BeforeAll
    static void capture() {
        cap = tmp.resolve("cap").toString();
        CliRun imported = CliRun.of("import", ScapSamples.require("cat_write.scap").toString(), "-o", cap);
        assertThat(imported.status()).as(imported.err()).isZero();
    }

    @Test
    void conditionsWithSubqueriesQuotesAndParenthesesWork() {
        CliRun ps = CliRun.of("ps", cap, "--where", "(pid IN (SELECT pid FROM fds WHERE name LIKE '%(%' OR name = 'it''s'))"
                + " OR cmdline LIKE '%cat%'", "--format", "csv");
        assertThat(ps.status()).as(ps.err()).isZero();
        assertThat(ps.out()).contains("cat");
        CliRun lsof = CliRun.of("lsof", cap, "--at", "type = 'procexit'", "--where", "fd >= 0", "--format", "csv");
        assertThat(lsof.status()).as(lsof.err()).isZero();
    }

    @Test
    void aConditionCannotEndItsClauseToShowOtherTablesRows() {
        String[][] attempts = {
                {"--where", "1=1) UNION SELECT 1, 1, name, 1, 1, 1, shell FROM users WHERE (1=1"},
                {"--where", "TRUE UNION SELECT 1, 1, name, 1, 1, 1, shell FROM users"},
                {"--where", "TRUE ORDER BY 1 --"},
                {"--where", "TRUE; SELECT * FROM users"},
                {"--where", "name = 'x' /* */"},
                {"--at", "type = 'close') UNION SELECT uid FROM users WHERE (TRUE"},
                {"--at", "TIMESTAMP '2026-01-01 00:00:00' t, users u"},
        };
        for (String[] attempt : attempts) {
            CliRun ps = CliRun.of("ps", cap, attempt[0], attempt[1], "--format", "csv");
            assertThat(ps.status()).as(String.join(" ", attempt)).isNotZero();
            assertThat(ps.out()).as(String.join(" ", attempt)).doesNotContain("/bin/").doesNotContain("nologin");
            assertThat(ps.err().strip().lines()).as(String.join(" ", attempt)).hasSize(1);
        }
        assertThat(CliRun.of("ps", cap, "--where", "1=1) UNION SELECT 1 FROM users WHERE (1=1").err())
                .contains("--where takes one SQL condition").contains("a ')' closes nothing");
    }
}
