package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.storage.Capture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A recorder killed outright (SIGKILL, power loss) leaves a capture that still reads, and says how it ended. */
class RecorderKilledTest {
    private static final String HOSTNAME_READS =
            "SELECT COUNT(*) FROM events WHERE type = 'openat' AND fd_name = '/etc/hostname'";

    private static final String LOOP = "while true; do cat /etc/hostname";

    @TempDir
    Path tmp;

    /** The strace of recorder {@code pid} (its FIFO's directory is named after it). */
    private static List<ProcessHandle> straceOf(long recorderPid) {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("strace")
                && String.join(" ", p.info().arguments().orElse(new String[0]))
                        .contains("sysql-strace-" + recorderPid + "-")).toList();
    }

    /** {@link #straceOf}, once it is gone or after 10 s (the kernel kills it, asynchronously). */
    private static List<ProcessHandle> straceLeftBy(long recorderPid) throws InterruptedException {
        List<ProcessHandle> found = straceOf(recorderPid);
        for (int i = 0; i < 50 && !found.isEmpty(); i++) {
            Thread.sleep(200);
            found = straceOf(recorderPid);
        }
        return found;
    }

    private static List<Path> leftoverTemporaryDirectory(long recorderPid) throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("sysql-strace-" + recorderPid + "-")).toList();
        }
    }

    @Test
    void everythingWrittenBeforeTheKillStaysReadable() throws Exception {
        Samples.assumeStrace();
        Path dir = tmp.resolve("cap");
        Process recorder = SysqlProcess.builder("record", "-o", dir.toString(), "--", "sh", "-c",
                LOOP + " > /dev/null; sleep 0.05; done").redirectErrorStream(true).start();
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
        assertThat(straceOf(recorder.pid())).as("the recorder's strace").hasSize(1);
        recorder.destroyForcibly();
        assertThat(recorder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(straceLeftBy(recorder.pid())).as("strace left tracing after its recorder was killed").isEmpty();
        // The command, no longer traced, runs on: end it.
        new ProcessBuilder("pkill", "-KILL", "-f", LOOP).start().waitFor();
        assertThat(leftoverTemporaryDirectory(recorder.pid())).as("the killed recorder's FIFO directory").isNotEmpty();
        Cli next = Cli.run("record", "-o", tmp.resolve("next").toString(), "--", "true");
        assertThat(next.status).as(next.toString()).isZero();
        assertThat(leftoverTemporaryDirectory(recorder.pid())).as("removed by the next recording").isEmpty();

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
        assertThat(Samples.rows(dir, "SELECT state FROM capture")).as("the capture table agrees with info")
                .containsExactly(List.of("ended abruptly"));
    }
}
