package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.ebpf.EbpfRecorder;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.SourceCounters;
import io.sysql.cli.Main;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.ProcessRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code record --system}: the whole machine through eBPF, checked against strace and against the kernel. */
class SystemRecordingTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsEbpf() {
        Optional<String> reason = EbpfRecorder.unsupportedReason();
        reason.ifPresent(r -> System.out.println("SystemRecordingTest skipped: " + r));
        assumeTrue(reason.isEmpty(), () -> "system-wide recording unsupported here: " + reason.orElse(""));
    }

    @Test
    void straceAndEbpfAgreeOnFdtoursProcessesAndFdsAtItsExit() throws IOException {
        Samples.assumeStrace();
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path straced = tmp.resolve("strace");
        Path system = tmp.resolve("system");
        String fdtour = Samples.program("fdtour").toString();
        assertThat(Main.run("record", "-o", straced.toString(), "--", fdtour, work.toString(), "/bin/true")).isZero();
        clear(work);
        assertThat(Main.run("record", "--system", "-o", system.toString(), "--", fdtour, work.toString(), "/bin/true"))
                .isZero();
        List<String> fromStrace = fdtourAtExit(straced);
        List<String> fromEbpf = fdtourAtExit(system);
        assertThat(fromEbpf).isNotEmpty().isEqualTo(fromStrace);
    }

    /** The fdtour process and its child AS OF fdtour's procexit: fds and process rows, without ids or times. */
    private static List<String> fdtourAtExit(Path dir) {
        try (Capture c = Capture.open(dir)) {
            Event exit = Samples.first(c, e -> e.kind == EventKinds.PROCEXIT && e.pid == e.tid
                    && c.at(e.num).processes().stream().anyMatch(p -> p.pid == e.pid && p.exited && "fdtour".equals(p.name)));
            HistoryIndex.StateAt at = c.at(exit.num);
            ProcessRow tour = at.processes().stream().filter(p -> p.pid == exit.pid).findFirst().orElseThrow();
            Stream<String> process = Stream.of("process " + tour.name + " " + tour.exe + " exited=" + tour.exited
                    + " code=" + tour.exitCode + " cwd=" + tour.cwd + " uid=" + tour.uid);
            Stream<String> fds = at.fds().stream().filter(f -> f.upid == tour.upid)
                    .sorted(Comparator.comparingInt(f -> f.fd)).map(SystemRecordingTest::comparable);
            Event fork = Samples.first(c, e -> e.kind.effect() == EventKind.Effect.CLONE && e.pid == exit.pid && e.res > 0);
            Event exec = Samples.first(c, e -> e.kind == EventKinds.EXECVE && e.pid == fork.res && !e.failed());
            ProcessRow child = c.at(exec.num).processes().stream().filter(p -> p.pid == fork.res).findFirst().orElseThrow();
            Stream<String> children = Stream.of("child " + child.name + " " + child.exe + " " + child.args
                    + " parent=" + (child.parentUpid == tour.upid));
            return Stream.of(process, fds, children).flatMap(s -> s).collect(Collectors.toList());
        }
    }

    /** An fd without its identity and times; ports differ from run to run, so only their roles are kept. */
    private static String comparable(FdRow f) {
        return f.fd + " " + f.type + " " + (f.name == null ? null : f.name.replaceAll(":\\d+", ":PORT")) + " "
                + f.l4proto + " server=" + f.isServer + " " + f.localIp + " " + f.remoteIp + " cloexec="
                + f.closeOnExec();
    }

    @Test
    void aProcessOfFiveMillisecondsIsInTheHistoryWithItsFds() throws IOException {
        Path dir = tmp.resolve("cap");
        Path file = Files.writeString(tmp.resolve("short-lived.txt"), "x");
        // opens the file, keeps it open ~5 ms, exits without closing it
        String program = "import os,time; fd=os.open('" + file + "', os.O_RDONLY); time.sleep(0.005); os._exit(0)";
        assertThat(Main.run("record", "--system", "-o", dir.toString(), "--", "python3", "-c", program)).isZero();
        try (Capture c = Capture.open(dir)) {
            List<ProcessRow> versions = c.read(h -> h.processes().all()).stream()
                    .filter(p -> "python3".equals(p.name) && p.args != null && p.args.contains("short-lived"))
                    .collect(Collectors.toList());
            assertThat(versions).isNotEmpty();
            ProcessRow last = versions.get(versions.size() - 1);
            assertThat(last.exited).isTrue();
            assertThat(last.exitCode).isZero();
            List<FdRow> fds = c.read(h -> h.fds().all()).stream().filter(f -> f.upid == last.upid)
                    .collect(Collectors.toList());
            assertThat(fds).anyMatch(f -> file.toString().equals(f.name));
        }
    }

    @Test
    void noDropsWhileALoopOpensAndCloses200kTimes() throws IOException {
        Path dir = tmp.resolve("cap");
        Path file = Files.writeString(tmp.resolve("target"), "x");
        String program = "import os\nfor _ in range(200000):\n    os.close(os.open('" + file + "', os.O_RDONLY))";
        assertThat(Main.run("record", "--system", "-o", dir.toString(), "--", "python3", "-c", program)).isZero();
        try (Capture c = Capture.open(dir)) {
            assertThat(c.metadata().getLong(CaptureMetadata.COUNTER_PREFIX + SourceCounters.DROPS, -1)).isZero();
            assertThat(c.countsByType()).doesNotContainKey(EventKinds.DROP.name());
            long opens = Samples.events(c, e -> e.kind == EventKinds.OPENAT && file.toString().equals(e.path)
                    && e.res >= 0).size();
            assertThat(opens).isEqualTo(200_000);
        }
    }

    /** The command starts once the recording is live, so its first call is in; its exit ends the recording. */
    @Test
    void aCommandStartsWhenRecordingIsLiveAndEndsIt() throws IOException {
        Path dir = tmp.resolve("cap");
        Cli run = Cli.run("record", "--system", "-o", dir.toString(), "--", "sh", "-c", "exit 3");
        assertThat(run.status).as(run.toString()).isEqualTo(3);
        List<String> said = run.err.lines().collect(Collectors.toList());
        assertThat(said.get(0)).startsWith("sysql: recording…");
        assertThat(said.get(said.size() - 1)).startsWith("sysql: recorded ").contains(dir.toString());
        try (Capture c = Capture.open(dir)) {
            long started = c.metadata().getLong(CaptureMetadata.START_TS, Long.MAX_VALUE);
            assertThat(Samples.events(c, e -> e.ts < started)).as("events before the capture's start").isEmpty();
            Event exit = Samples.first(c, e -> e.kind == EventKinds.PROCEXIT && e.exitCode == 3);
            // the JVM starts a command through jspawnhelper, which then executes it
            assertThat(Samples.events(c, e -> e.kind == EventKinds.EXECVE && e.pid == exit.pid && e.res == 0))
                    .extracting(e -> e.path).anyMatch(path -> path.endsWith("/sh"));
        }
    }

    /**
     * A shell loop starts processes all through the recording, so some are born, run and die while /proc is
     * read: their calls are written among the snapshot's events at their own kernel time, and the capture's
     * times (made non-decreasing in journal order) needed no lifting there: none of those calls shares a
     * time with the snapshot event written after it.
     */
    @Test
    void callsMadeWhileProcIsReadKeepTheirOwnTime() throws IOException, InterruptedException {
        Path dir = tmp.resolve("cap");
        Process loop = new ProcessBuilder("sh", "-c", "while :; do cat /dev/null; done").start();
        try {
            assertThat(Main.run("record", "--system", "-o", dir.toString(), "--", "sleep", "0.2")).isZero();
        } finally {
            loop.destroy();
            loop.waitFor();
        }
        try (Capture c = Capture.open(dir)) {
            List<Event> firstEvents = Samples.events(c, e -> true);
            List<Event> pending = new ArrayList<>();
            int interleaved = 0;
            for (Event e : firstEvents) {
                if (!e.kind.isSnapshot()) {
                    pending.add(e);
                    continue;
                }
                for (Event call : pending) {
                    assertThat(call.ts).as("event %d (%s)", call.num, call.kind).isLessThan(e.ts);
                }
                interleaved += pending.size();
                pending.clear();
            }
            assertThat(interleaved).isPositive();
        }
    }

    private static void clear(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
    }
}
