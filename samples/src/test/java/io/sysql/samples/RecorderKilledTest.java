package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.storage.Capture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A recorder killed outright (SIGKILL, power loss) leaves a capture that still reads, and says how it ended. */
class RecorderKilledTest {
    private static final String HOSTNAME_READS =
            "SELECT COUNT(*) FROM events WHERE type = 'openat' AND fd_name = '/etc/hostname'";

    @TempDir
    Path tmp;

    @Test
    void everythingWrittenBeforeTheKillStaysReadable() throws Exception {
        Samples.assumeStrace();
        Path dir = tmp.resolve("cap");
        Process recorder = SysqlProcess.builder("record", "-o", dir.toString(), "--", "sh", "-c",
                "while true; do cat /etc/hostname > /dev/null; sleep 0.05; done").redirectErrorStream(true).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long seen = 0;
        while (seen < 20 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            try {
                Cli info = Cli.run("query", dir.toString(), HOSTNAME_READS);
                if (info.status == 0) {
                    seen = Long.parseLong(info.out.strip().split("\n")[1].strip());
                }
            } catch (RuntimeException | AssertionError notYet) {
                // the capture is being created
            }
        }
        assertThat(seen).as("events journaled while the recorder runs").isGreaterThanOrEqualTo(20);
        recorder.destroyForcibly();
        assertThat(recorder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // strace and its command lose their recorder; end them the same way.
        new ProcessBuilder("pkill", "-KILL", "-f", "while true; do cat /etc/hostname").start().waitFor();

        Cli info = Cli.run("info", dir.toString());
        assertThat(info.status).as(info.toString()).isZero();
        assertThat(info.out).contains("ended abruptly");
        try (Capture c = Capture.open(dir)) {
            assertThat(c.endedAbruptly()).isTrue();
            assertThat(c.lastNum()).isGreaterThan(0);
        }
        Cli query = Cli.run("query", dir.toString(), HOSTNAME_READS);
        assertThat(query.status).as(query.toString()).isZero();
        assertThat(Long.parseLong(query.out.strip().split("\n")[1].strip())).isGreaterThanOrEqualTo(seen);
    }
}
