package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@code record} that records nothing of what it was asked to, as strace's user expects it: one line
 * saying why, a non-zero exit status (a shell's for a command it cannot run), no "recorded" line and no
 * capture left behind.
 */
class RecordFailureTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void strace() {
        Samples.assumeStrace();
    }

    @Test
    void aCommandThatCannotBeFoundExits127LikeAShell() {
        Path dir = tmp.resolve("cap");
        Cli run = Cli.run("record", "-o", dir.toString(), "--", "sysql-no-such-command", "arg");
        assertThat(run.status).as(run.toString()).isEqualTo(127);
        assertThat(run.err.lines()).containsExactly("sysql: sysql-no-such-command: command not found");
        assertThat(dir).doesNotExist();
    }

    /** Refused before the machine is recorded: a capture of it would not hold the command it was for. */
    @Test
    void aSystemRecordingOfACommandThatCannotBeFoundRecordsNothing() {
        Path dir = tmp.resolve("cap");
        Cli run = Cli.run("record", "--system", "-o", dir.toString(), "--", "sysql-no-such-command");
        assertThat(run.status).as(run.toString()).isEqualTo(127);
        assertThat(run.err.lines()).containsExactly("sysql: sysql-no-such-command: command not found");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aFileThatIsNotExecutableExits126LikeAShell() throws IOException {
        Path notes = Files.writeString(tmp.resolve("notes"), "echo hi\n");
        Path dir = tmp.resolve("cap");
        Cli run = Cli.run("record", "-o", dir.toString(), "--", notes.toString());
        assertThat(run.status).as(run.toString()).isEqualTo(126);
        assertThat(run.err.lines()).containsExactly("sysql: " + notes + ": permission denied");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aProcessThatDoesNotExistIsOneLine() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dir = tmp.resolve("cap");
        Cli run = Cli.run("record", "-o", dir.toString(), "-p", Long.toString(gone.pid()));
        assertThat(run.status).as(run.toString()).isEqualTo(1);
        assertThat(run.err.lines()).containsExactly("sysql: there is no process " + gone.pid() + " to attach to");
        assertThat(dir).doesNotExist();
    }

    /**
     * A process another strace traces exists, so the snapshot is written, but it cannot be attached to: the
     * capture of the snapshot alone is removed, and a directory the user made before stays, empty.
     */
    @Test
    void aProcessThatCannotBeTracedLeavesNoCapture() throws Exception {
        Process tracer = new ProcessBuilder("strace", "-o", "/dev/null", "sleep", "60").start();
        try {
            long traced = tracedChild(tracer);
            Path made = tmp.resolve("cap");
            Path existing = Files.createDirectory(tmp.resolve("existing"));
            for (Path dir : List.of(made, existing)) {
                Cli run = Cli.run("record", "-o", dir.toString(), "-p", Long.toString(traced));
                assertThat(run.status).as(run.toString()).isEqualTo(1);
                assertThat(run.err.lines()).as(run.toString()).singleElement().asString()
                        .startsWith("sysql: strace could not attach to process " + traced);
            }
            assertThat(made).doesNotExist();
            try (Stream<Path> left = Files.list(existing)) {
                assertThat(left).isEmpty();
            }
        } finally {
            tracer.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            tracer.destroyForcibly();
        }
    }

    /** strace's command, once it runs under the trace (strace -f would trace it from its fork). */
    private static long tracedChild(Process tracer) throws IOException, InterruptedException {
        for (int tries = 0; tries < 200; tries++) {
            Optional<ProcessHandle> child = tracer.toHandle().children().findFirst();
            if (child.isPresent()) {
                Path status = Path.of("/proc", Long.toString(child.get().pid()), "status");
                boolean ranSleep = child.get().info().command().map(c -> c.endsWith("/sleep")).orElse(false);
                if (ranSleep && Files.readAllLines(status).stream().anyMatch(l -> l.matches("TracerPid:\\s+[1-9]\\d*"))) {
                    return child.get().pid();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("strace did not start sleep under its trace");
    }
}
