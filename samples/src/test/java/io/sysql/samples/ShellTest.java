package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The interactive shell, fed as a person would type: \d help, a statement over two lines, an error. */
class ShellTest {
    @TempDir
    Path tmp;

    @Test
    void shellRunsMultiLineStatementsAndDescribesTables() throws Exception {
        Samples.assumeStrace();
        Path dir = tmp.resolve("cap");
        assertThat(Main.run("record", "-o", dir.toString(), "--", "true")).isZero();
        Process shell = SysqlProcess.builder("shell", dir.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try (OutputStream in = shell.getOutputStream()) {
            in.write(("\\d\n\\d fds\nSELECT COUNT(*) AS n\n  FROM processes WHERE name = 'true';\n"
                    + "SELECT nope FROM fds;\n\\q\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("processes").contains("fds_history").contains("connections");
        assertThat(out).contains("proc_name").contains("is_server");
        assertThat(out).containsPattern("(?s)n\\s*\\n\\s*0\\s*\\n\\(1 row");
        assertThat(out).contains("error:").contains("nope");
        assertThat(shell.exitValue()).isZero();
    }
}
