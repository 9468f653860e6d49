package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.ebpf.EbpfRecorder;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code shell --live}: the machine as it is at each statement, processes born after the shell began included. */
class LiveQueryTest {
    @Test
    void theLiveShellSeesAProcessStartedAfterItBegan() throws Exception {
        Optional<String> reason = EbpfRecorder.unsupportedReason();
        reason.ifPresent(r -> System.out.println("LiveQueryTest skipped: " + r));
        assumeTrue(reason.isEmpty(), () -> "live capture unsupported here: " + reason.orElse(""));
        Process shell = SysqlProcess.builder("shell", "--live", "-f", "csv")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start(); // stderr: JLine's "dumb terminal" notice
        Process sleeper = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
            String banner = out.readLine();
            assertThat(banner).as("shell banner").contains("live");
            sleeper = new ProcessBuilder("sleep", "31.4159").start();
            Writer in = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.UTF_8);
            in.write("SELECT pid, name FROM processes WHERE args = 'sleep 31.4159';\n");
            in.write("SELECT COUNT(*) AS n FROM processes AS OF 1 WHERE args = 'sleep 31.4159';\n");
            in.close(); // end of input ends the shell
            StringBuilder all = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                all.append(line).append('\n');
            }
            assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(all.toString()).as(all.toString())
                    .contains(sleeper.pid() + ",sleep")
                    .containsPattern("(?m)^0$");
        } finally {
            if (sleeper != null) {
                sleeper.destroy();
            }
            shell.destroy();
        }
    }
}
