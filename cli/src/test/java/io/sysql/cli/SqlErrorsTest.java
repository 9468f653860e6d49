package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqlErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void aMisspeltFirstKeywordIsSaidToBeOne() {
        Path cap = tmp.resolve("cap");
        assertThat(CliRun.of("import", ScapSamples.require("syscall.scap").toString(), "-o", cap.toString()).status())
                .isZero();
        for (String statement : new String[] {"SELEC pid FROM processes", "SLECT * FROM fds"}) {
            CliRun run = CliRun.of("query", cap.toString(), statement);
            assertThat(run.status()).as(statement).isEqualTo(1);
            assertThat(run.err()).as(statement).isEqualTo("sysql: not a query: a statement (or subquery) begins with"
                    + " SELECT, WITH, VALUES or EXPLAIN; is its first word misspelt?\n");
        }
    }
}
