package io.sysql.capture.strace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the real strace. */
@Timeout(60)
class StraceRecorderTest {
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void needsStrace() {
        boolean installed = Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Paths.get(dir, "strace")));
        Assumptions.assumeTrue(installed, "strace is not installed (apt-get install strace)");
    }

    private static void assumeCanTrace() throws IOException {
        String yama = Files.exists(Paths.get("/proc/sys/kernel/yama/ptrace_scope"))
                ? Files.readString(Paths.get("/proc/sys/kernel/yama/ptrace_scope")).trim() : "0";
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) || "0".equals(yama),
                "attaching with ptrace needs root (or kernel.yama.ptrace_scope=0)");
    }

    @Test
    void recordPassesTheExitStatusAndTheStandardStreamsThrough() throws Exception {
        StraceRecorder recorder = new StraceRecorder();
        int status = recorder.record(List.of("sh", "-c", "echo hi; exit 3"), e -> events.add(e.copy()));

        assertThat(status).isEqualTo(3);
        // The command is introduced first (after strace, its parent): a process with the stdin, stdout
        // and stderr it inherited.
        Event exec = events.stream().filter(e -> !e.kind.isSnapshot()).findFirst().orElseThrow();
        assertThat(exec.kind.name()).isEqualTo("execve");
        Event intro = events.stream().filter(e -> e.kind == EventKinds.SNAP_PROCESS && e.pid == exec.pid)
                .findFirst().orElseThrow();
        assertThat(events).anyMatch(e -> e.kind == EventKinds.SNAP_PROCESS && e.pid == intro.ppid
                && "strace".equals(e.name));
        List<Event> inherited = events.stream()
                .filter(e -> e.kind == EventKinds.SNAP_FD && e.pid == exec.pid).toList();
        assertThat(inherited).extracting(e -> e.fd).containsExactly(0, 1, 2);
        assertThat(inherited.get(1).path).isEqualTo(Files.readSymbolicLink(Paths.get("/proc/self/fd/1")).toString());
        assertThat(exec.args).isEqualTo("sh -c echo hi; exit 3");
        Event write = events.stream().filter(e -> e.kind == EventKinds.WRITE && e.fd == 1).findFirst().orElseThrow();
        assertThat(write.data).isEqualTo("hi\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(write.res).isEqualTo(3);
        assertThat(write.path).as("the command's stdout is this JVM's stdout")
                .isEqualTo(Files.readSymbolicLink(Paths.get("/proc/self/fd/1")).toString());
        Event last = events.get(events.size() - 1);
        assertThat(last.kind).isEqualTo(EventKinds.PROCEXIT);
        assertThat(last.exitCode).isEqualTo(3);
        assertThat(events).filteredOn(e -> !e.kind.isSnapshot()).allMatch(e -> e.pid == exec.pid);
        assertThat(recorder.counters().get(SourceCounters.PARSE_ERRORS)).isZero();
    }

    @Test
    void pidfdGetfdNamesThePidfdTheFdItCopiesAndTheCopy() throws Exception {
        String script;
        try (var in = StraceRecorderTest.class.getResourceAsStream("/io/sysql/capture/pidfd_getfd.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = new StraceRecorder().record(List.of("python3", "-c", script), e -> events.add(e.copy()));
        assertThat(status).isZero();

        Event pidfdOpen = events.stream().filter(e -> e.kind == EventKinds.PIDFD_OPEN).findFirst().orElseThrow();
        Event fork = events.stream().filter(e -> e.pid == pidfdOpen.pid && e.res > 0
                && e.kind.effect() == EventKind.Effect.CLONE).reduce((a, b) -> b).orElseThrow();
        assertThat(pidfdOpen.targetPid).as("the child it names").isEqualTo((int) fork.res);
        Event getfd = events.stream().filter(e -> e.kind == EventKinds.PIDFD_GETFD).findFirst().orElseThrow();
        assertThat(getfd.errno).isZero();
        assertThat(getfd.fd).isEqualTo((int) pidfdOpen.res);
        assertThat(getfd.fd2).isEqualTo(50);
        assertThat(getfd.path).as("what the copy is").isEqualTo("/etc/hostname");
        Event read = events.stream().filter(e -> e.kind == EventKinds.READ && e.pid == getfd.pid && e.fd == getfd.res)
                .findFirst().orElseThrow();
        assertThat(read.data).startsWith(Files.readAllBytes(Path.of("/etc/hostname"))[0]);
    }

    @Test
    void eventsArriveWhileTheCommandStillRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        StraceRecorder recorder = new StraceRecorder();
        CompletableFuture<Integer> recording = CompletableFuture.supplyAsync(() -> {
            try {
                return recorder.record(List.of("sh", "-c", "echo start >&2; sleep 3; echo end >&2"), e -> {
                    events.add(e);
                    if (e.kind == EventKinds.WRITE && e.data != null && new String(e.data).equals("start\n")) {
                        started.countDown();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(started.await(20, TimeUnit.SECONDS)).as("the first write arrives").isTrue();
        assertThat(recording).as("while the command sleeps").isNotDone();
        assertThat(recording.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(events.stream().filter(e -> e.kind == EventKinds.WRITE && e.data != null)
                .map(e -> new String(e.data))).containsExactly("start\n", "end\n");
    }

    @Test
    void stopEndsARecordedCommand() throws Exception {
        StraceRecorder recorder = new StraceRecorder();
        CompletableFuture<Integer> recording = CompletableFuture.supplyAsync(() -> {
            try {
                return recorder.record(List.of("sleep", "30"), e -> events.add(e.copy()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waitFor(() -> events.stream().anyMatch(e -> e.kind == EventKinds.of("clock_nanosleep") || e.kind == EventKinds.of("nanosleep"))
                || events.size() > 30);
        Thread.sleep(300);
        recorder.stop();

        assertThat(recording.get(20, TimeUnit.SECONDS)).as("killed by SIGTERM").isEqualTo(128 + 15);
        Event last = events.get(events.size() - 1);
        assertThat(last.kind).isEqualTo(EventKinds.PROCEXIT);
        assertThat(last.signal).isEqualTo(15);
    }

    @Test
    void attachFollowsEveryThreadUntilStopped() throws Exception {
        assumeCanTrace();
        String program = "import os, threading, time\n"
                + "def loop():\n"
                + "    while True:\n"
                + "        os.write(1, b'x')\n"
                + "        time.sleep(0.05)\n"
                + "threading.Thread(target=loop, daemon=True).start()\n"
                + "loop()\n";
        Process target = new ProcessBuilder("python3", "-c", program)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            int pid = (int) target.pid();
            waitFor(() -> taskCount(pid) == 2);
            Set<Integer> tids = tids(pid);

            StraceRecorder recorder = new StraceRecorder();
            CompletableFuture<Void> attached = CompletableFuture.runAsync(() -> {
                try {
                    recorder.attach(pid, e -> events.add(e.copy()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            waitFor(() -> writers().containsAll(tids));
            recorder.stop();
            attached.get(20, TimeUnit.SECONDS);

            assertThat(target.isAlive()).as("strace detached and left it running").isTrue();
            assertThat(events).allMatch(e -> e.pid == pid);
            Event write = events.stream().filter(e -> e.kind == EventKinds.WRITE && e.res == 1).findFirst().orElseThrow();
            assertThat(write.fd).isEqualTo(1);
            assertThat(write.path).isEqualTo("/dev/null");
            assertThat(write.data).isEqualTo(new byte[] {'x'});
            int seen = events.size();
            Thread.sleep(300);
            assertThat(events).as("nothing after the recording ended").hasSize(seen);
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void attachEndsWhenTheProcessExits() throws Exception {
        assumeCanTrace();
        Process target = new ProcessBuilder("sh", "-c", "read line; exit 5").start();
        try {
            StraceRecorder recorder = new StraceRecorder();
            CompletableFuture<Void> attached = CompletableFuture.runAsync(() -> {
                try {
                    recorder.attach((int) target.pid(), e -> events.add(e.copy()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            waitFor(() -> tracerPid(target.pid()) != 0);
            target.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
            target.getOutputStream().close();
            attached.get(20, TimeUnit.SECONDS);

            Event last = events.get(events.size() - 1);
            assertThat(last.kind).isEqualTo(EventKinds.PROCEXIT);
            assertThat(last.exitCode).isEqualTo(5);
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void aCommandThatDoesNotExistIsReportedClearly() {
        StraceRecorder recorder = new StraceRecorder();
        assertThatThrownBy(() -> recorder.record(List.of("sysql-no-such-command"), e -> events.add(e.copy())))
                .isInstanceOf(StraceException.class)
                .hasMessage("sysql-no-such-command: command not found")
                .satisfies(e -> assertThat(((StraceException) e).exitStatus()).isEqualTo(127));
        assertThat(events).isEmpty();
    }

    @Test
    void aMissingStraceSaysHowToInstallIt() {
        StraceRecorder recorder = new StraceRecorder(new StraceRecorder.Options(80, Paths.get("/nonexistent/strace")));
        assertThatThrownBy(() -> recorder.record(List.of("true"), e -> events.add(e.copy())))
                .isInstanceOf(StraceException.class)
                .hasMessageContaining("apt-get install strace");
    }

    @Test
    void attachingToNoProcessIsReportedClearly() {
        StraceRecorder recorder = new StraceRecorder();
        assertThatThrownBy(() -> recorder.attach(Integer.MAX_VALUE, e -> events.add(e.copy())))
                .isInstanceOf(StraceException.class)
                .hasMessageContaining("no process " + Integer.MAX_VALUE);
    }

    @Test
    void theSnapLengthLimitsTheDataKept() throws Exception {
        StraceRecorder recorder = new StraceRecorder(StraceRecorder.Options.defaults().withSnaplen(4));
        recorder.record(List.of("sh", "-c", "echo 0123456789 > /dev/null"), e -> events.add(e.copy()));
        Event write = events.stream().filter(e -> e.kind == EventKinds.WRITE && e.res == 11).findFirst().orElseThrow();
        assertThat(write.data).isEqualTo("0123".getBytes(StandardCharsets.US_ASCII));
    }

    /** The pid of the process tracing {@code pid}, 0 when none (from /proc/PID/status). */
    private static int tracerPid(long pid) {
        try (Stream<String> lines = Files.lines(Paths.get("/proc", String.valueOf(pid), "status"))) {
            return lines.filter(l -> l.startsWith("TracerPid:")).map(l -> Integer.parseInt(l.substring(10).trim()))
                    .findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private Set<Integer> writers() {
        return events.stream().filter(e -> e.kind == EventKinds.WRITE).map(e -> e.tid).collect(Collectors.toSet());
    }

    private static long taskCount(int pid) {
        return tids(pid).size();
    }

    private static Set<Integer> tids(int pid) {
        try (Stream<Path> tasks = Files.list(Paths.get("/proc", String.valueOf(pid), "task"))) {
            return tasks.map(p -> Integer.parseInt(p.getFileName().toString())).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 20 s");
            }
            Thread.sleep(20);
        }
    }
}
