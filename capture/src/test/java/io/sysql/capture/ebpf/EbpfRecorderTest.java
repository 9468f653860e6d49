package io.sysql.capture.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.Linux;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Records real processes through the kernel; needs root, BTF and libbpf (skips otherwise). */
class EbpfRecorderTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @BeforeAll
    static void needsEbpf() {
        String reason = EbpfRecorder.unsupportedReason().orElse(null);
        if (reason != null) {
            System.out.println("EbpfRecorderTest skipped: " + reason);
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    /** Keeps copies of the events of the processes a test is interested in. */
    /**
     * What a python program printed (numbers), the events of it and its child recorded until it exits, and the
     * recorder's counters.
     */
    private record PythonRun(Collector events, int pid, int[] printed, SourceCounters counters) {
    }

    private static PythonRun recordPython(String script, int expectedExit) throws Exception {
        return recordPython(script, expectedExit, EbpfOptions.defaults());
    }

    private static PythonRun recordPython(String script, int expectedExit, EbpfOptions options) throws Exception {
        Collector c = new Collector();
        EbpfRecorder recorder = new EbpfRecorder(options);
        recorder.start(c::accept);
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(true).start();
            int pid = (int) p.pid();
            c.pid = pid;
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor()).as("python said: %s", out).isEqualTo(expectedExit);
            int[] printed = Arrays.stream(out.split(" ")).mapToInt(Integer::parseInt).toArray();
            c.awaitProcexit(pid);
            return new PythonRun(c, pid, printed, recorder.counters());
        } finally {
            recorder.stop();
        }
    }

    private static final class Collector {
        private final List<Event> events = new ArrayList<>();
        private final List<Event> drops = new ArrayList<>();
        private volatile int pid;

        synchronized void accept(Event e) {
            if (e.kind == EventKinds.DROP) {
                drops.add(e.copy());
            } else if (pid != 0 && (e.pid == pid || e.pid == childOf(pid))) {
                events.add(e.copy());
            }
        }

        private int childOf(int parent) {
            for (Event e : events) {
                if (e.pid == parent && isBirth(e) && (e.flags & Linux.CLONE_THREAD) == 0) {
                    return (int) e.res;
                }
            }
            return -1;
        }

        synchronized List<Event> matching(Predicate<Event> p) {
            return events.stream().filter(p).toList();
        }

        synchronized Event first(Predicate<Event> p) {
            return events.stream().filter(p).findFirst().orElseThrow(
                    () -> new AssertionError("no such event among " + events.size() + " recorded"));
        }

        /** The first match recorded after {@code anchor} (fds are reused: python read fd 3 before). */
        synchronized Event firstAfter(Event anchor, Predicate<Event> p) {
            return events.subList(events.indexOf(anchor) + 1, events.size()).stream().filter(p).findFirst()
                    .orElseThrow(() -> new AssertionError("no such event after " + anchor));
        }

        void awaitProcexit(int processPid) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (!matching(e -> e.pid == processPid && e.tid == processPid
                        && e.kind == EventKinds.PROCEXIT).isEmpty()) {
                    return;
                }
                Thread.sleep(20);
            }
        }
    }

    private static boolean isBirth(Event e) {
        return e.kind.effect() == EventKind.Effect.CLONE && e.res > 0;
    }

    @Test
    void recordsFilesSocketsForkExecAndExitOfAChildProcess() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        String script = String.join("\n",
                "import os, socket",
                "fd = os.open('/etc/hostname', os.O_RDONLY)",
                "os.read(fd, 4096)",
                "os.close(fd)",
                "srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
                "srv.bind(('127.0.0.1', 0))",
                "srv.listen(1)",
                "cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
                "cli.connect(('127.0.0.1', srv.getsockname()[1]))",
                "conn, peer = srv.accept()",
                "print(fd, srv.fileno(), cli.fileno(), conn.fileno(), srv.getsockname()[1], peer[1], flush=True)",
                "pid = os.fork()",
                "if pid == 0:",
                "    os.execv('/bin/true', ['true', 'from-sysql'])",
                "os.waitpid(pid, 0)",
                "os._exit(7)");
        PythonRun run = recordPython(script, 7);
        Collector c = run.events();
        int pid = run.pid();
        int[] printed = run.printed();
        int fileFd = printed[0], srvFd = printed[1], cliFd = printed[2], connFd = printed[3];
        int port = printed[4], peerPort = printed[5];

        Event open = c.first(e -> e.pid == pid && e.kind == EventKinds.OPENAT && "/etc/hostname".equals(e.path));
        assertThat(open.res).isEqualTo(fileFd);
        assertThat(open.fdType).isEqualTo(FdType.FILE);
        assertThat(open.ts).isCloseTo(System.currentTimeMillis() * 1_000_000L,
                org.assertj.core.data.Offset.offset(TimeUnit.SECONDS.toNanos(30)));

        Event read = c.firstAfter(open, e -> e.pid == pid && e.kind == EventKinds.READ && e.fd == fileFd);
        byte[] hostname = Files.readAllBytes(Path.of("/etc/hostname"));
        assertThat(read.res).isEqualTo(hostname.length);
        assertThat(read.data).isEqualTo(Arrays.copyOf(hostname, Math.min(hostname.length, 80)));
        assertThat(c.firstAfter(read, e -> e.pid == pid && e.kind == EventKinds.CLOSE && e.fd == fileFd).res).isZero();

        List<Event> sockets = c.matching(e -> e.pid == pid && e.kind == EventKinds.SOCKET && e.res >= 0);
        assertThat(sockets).extracting(e -> (int) e.res).contains(srvFd, cliFd);
        assertThat(sockets).allSatisfy(e -> {
            assertThat(e.sockFamily).isEqualTo(2);
            assertThat(e.l4proto).isEqualTo("tcp");
            assertThat(e.fdType).isEqualTo(FdType.IPV4);
        });

        Event bind = c.first(e -> e.pid == pid && e.kind == EventKinds.BIND && e.fd == srvFd);
        assertThat(bind.res).isZero();
        assertThat(bind.localIp).isEqualTo("127.0.0.1");
        assertThat(bind.localPort).isEqualTo(port);

        Event listen = c.first(e -> e.pid == pid && e.kind == EventKinds.LISTEN && e.fd == srvFd);
        assertThat(listen.localPort).isEqualTo(port);

        Event connect = c.first(e -> e.pid == pid && e.kind == EventKinds.CONNECT && e.fd == cliFd);
        assertThat(connect.res).isZero();
        assertThat(connect.remoteIp).isEqualTo("127.0.0.1");
        assertThat(connect.remotePort).isEqualTo(port);
        assertThat(connect.localPort).isEqualTo(peerPort);

        Event accept = c.first(e -> e.pid == pid && e.kind.name().startsWith("accept") && e.fd == srvFd);
        assertThat(accept.res).isEqualTo(connFd);
        assertThat(accept.localIp).isEqualTo("127.0.0.1");
        assertThat(accept.localPort).isEqualTo(port);
        assertThat(accept.remoteIp).isEqualTo("127.0.0.1");
        assertThat(accept.remotePort).isEqualTo(peerPort);

        Event birth = c.first(e -> e.pid == pid && isBirth(e));
        int child = (int) birth.res;
        assertThat(birth.flags & 0x10000).as("not a thread").isZero();

        Event exec = c.first(e -> e.pid == child && e.kind == EventKinds.EXECVE);
        assertThat(exec.res).isZero();
        assertThat(exec.name).isEqualTo("true");
        assertThat(exec.path).isEqualTo("/bin/true");
        assertThat(exec.exe).isEqualTo("/bin/true");
        assertThat(exec.args).isEqualTo("true from-sysql");
        assertThat(c.first(e -> e.pid == child && e.kind == EventKinds.PROCEXIT).exitCode).isZero();

        Event exitGroup = c.first(e -> e.pid == pid && e.kind == EventKinds.EXIT_GROUP);
        assertThat(exitGroup.exitCode).isEqualTo(7);
        assertThat(exitGroup.returned()).as("exit_group never returns").isFalse();
        Event death = c.first(e -> e.pid == pid && e.tid == pid && e.kind == EventKinds.PROCEXIT);
        assertThat(death.exitCode).isEqualTo(7);
        assertThat(death.signal).isZero();

        List<Event> ofPid = c.matching(e -> e.pid == pid || e.pid == child);
        assertThat(ofPid.indexOf(birth)).as("birth before the child's first event")
                .isLessThan(ofPid.indexOf(c.first(e -> e.pid == child)));
        assertThat(run.counters().get(SourceCounters.DROPS)).isZero();
        assertThat(run.counters().get(SourceCounters.PARSE_ERRORS)).isZero();
    }

    /**
     * A blocking read waits for a child that writes after 200 ms; then the process sleeps 100 ms. Each call's
     * latency spans its time in the kernel: it began after the thread's previous call ended, the read before the
     * write it waited for, and the sleep lasted at least what was asked.
     */
    @Test
    void recordedCallsCarryTheirTimeFromEntryToExit() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        String script = String.join("\n",
                "import os, time",
                "r, w = os.pipe()",
                "if os.fork() == 0:",
                "    time.sleep(0.2)",
                "    os.write(w, b'x')",
                "    os._exit(0)",
                "os.read(r, 1)",
                "time.sleep(0.1)",
                "os.wait()",
                "print(r, w, flush=True)");
        PythonRun run = recordPython(script, 0, EbpfOptions.defaults().withAllSyscalls(true));
        Collector c = run.events();
        int pid = run.pid();
        int r = run.printed()[0];
        int w = run.printed()[1];

        Event read = c.first(e -> e.pid == pid && e.kind == EventKinds.READ && e.fd == r);
        Event write = c.first(e -> e.pid != pid && e.kind == EventKinds.WRITE && e.fd == w);
        assertThat(read.latencyNs).isPositive().isLessThanOrEqualTo(gapBefore(c, read));
        assertThat(read.ts - read.latencyNs).as("entered before the write it waited for").isLessThanOrEqualTo(write.ts);

        Event sleep = c.firstAfter(read, e -> e.pid == pid && e.kind.name().endsWith("nanosleep"));
        assertThat(sleep.latencyNs).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100))
                .isLessThanOrEqualTo(gapBefore(c, sleep));
    }

    /**
     * A thread's death carries the CPU time it used, exactly: at least what the process itself counted just
     * before it exited (300 ms of asking the kernel for it), at most the recording's wall time.
     */
    @Test
    void aThreadsDeathCarriesTheCpuTimeItUsed() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        String script = String.join("\n",
                "import time",
                "end = time.process_time_ns() + 300_000_000",
                "while time.process_time_ns() < end:",
                "    pass",
                "print(time.process_time_ns(), flush=True)");
        long start = System.nanoTime();
        PythonRun run = recordPython(script, 0);
        long wall = System.nanoTime() - start;
        Event death = run.events().first(e -> e.pid == run.pid() && e.tid == run.pid()
                && e.kind == EventKinds.PROCEXIT);
        assertThat(death.cpuUserNs + death.cpuSystemNs).isBetween((long) run.printed()[0], wall);
    }

    /** Time from the end of the thread's call before {@code e} to the end of {@code e}. */
    private static long gapBefore(Collector c, Event e) {
        List<Event> before = c.matching(x -> x.tid == e.tid && x.ts < e.ts);
        assertThat(before).as("calls of the thread before %s", e).isNotEmpty();
        return e.ts - before.get(before.size() - 1).ts;
    }

    @Test
    void pidfdGetfdNamesThePidfdAndTheFdItCopies() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        String script;
        try (var in = EbpfRecorderTest.class.getResourceAsStream("/io/sysql/capture/pidfd_getfd.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PythonRun run = recordPython(script, 0);
        Collector c = run.events();
        int pid = run.pid();
        int[] printed = run.printed();
        int child = printed[0], pidfd = printed[1], copy = printed[2];
        Event pidfdOpen = c.first(e -> e.pid == pid && e.kind == EventKinds.PIDFD_OPEN);
        assertThat(pidfdOpen.res).isEqualTo(pidfd);
        assertThat(pidfdOpen.targetPid).isEqualTo(child);
        assertThat(pidfdOpen.fdType).isEqualTo(FdType.PIDFD);
        Event getfd = c.first(e -> e.pid == pid && e.kind == EventKinds.PIDFD_GETFD);
        assertThat(getfd.res).isEqualTo(copy);
        assertThat(getfd.fd).isEqualTo(pidfd);
        assertThat(getfd.fd2).isEqualTo(50);
        assertThat(getfd.args).as("decoded, not raw").isNull();
        assertThat(c.first(e -> e.pid == pid && e.kind == EventKinds.READ && e.fd == copy).res).isEqualTo(printed[3]);
    }

    @Test
    void eventsCarryTheIdsOfTheirInnermostPidNamespace() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        String script = "import os; fd = os.open('/etc/hostname', os.O_RDONLY); os.read(fd, 16); "
                + "print(os.getpid(), flush=True)";
        Collector c = new Collector();
        EbpfRecorder recorder = new EbpfRecorder(EbpfOptions.defaults());
        recorder.start(c::accept);
        int pid;
        String out;
        try {
            Process p = new ProcessBuilder("unshare", "--pid", "--fork", PYTHON.toString(), "-c", script)
                    .redirectErrorStream(true).start();
            pid = (int) p.pid();
            c.pid = pid;
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor()).as("unshare said: %s", out).isZero();
            c.awaitProcexit(pid);
        } finally {
            recorder.stop();
        }
        assertThat(out).as("python's pid inside the new namespace").isEqualTo("1");
        Event unshare = c.first(e -> e.pid == pid && e.kind == EventKinds.EXECVE);
        assertThat(unshare.vpid).as("unshare itself runs in the root namespace").isEqualTo(pid);
        assertThat(unshare.vtid).isEqualTo(unshare.tid);
        Event birth = c.first(e -> e.pid == pid && isBirth(e));
        assertThat(birth.vtid).as("a birth's result is the child's host tid, whatever the caller's namespace: "
                + "no namespaced ids say otherwise (Event#vtid)").isEqualTo(Event.UNSET);
        int child = (int) birth.res;
        Event exec = c.first(e -> e.pid == child && e.kind == EventKinds.EXECVE);
        assertThat(exec.vpid).isEqualTo(1);
        assertThat(exec.vtid).isEqualTo(1);
        Event open = c.first(e -> e.pid == child && e.kind == EventKinds.OPENAT && "/etc/hostname".equals(e.path));
        Event read = c.firstAfter(open, e -> e.pid == child && e.kind == EventKinds.READ && e.fd == open.res);
        assertThat(read.vpid).as("a short data record takes its thread's ids").isEqualTo(1);
        assertThat(c.first(e -> e.pid == child && e.kind == EventKinds.PROCEXIT).vpid).isEqualTo(1);
    }

    /**
     * Data calls take the short record up to a snaplen of 256 and the full one above it: both must keep the
     * first snaplen bytes of what each call moved, and nothing of a call that failed.
     */
    @ParameterizedTest(name = "snaplen {0}")
    @ValueSource(ints = {1, 80, 256, 257, 1000})
    void dataCallsKeepTheFirstSnaplenBytesOfWhatTheyMoved(int snaplen, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        Path file = dir.resolve("data");
        String script = String.join("\n",
                "import os, sys",
                "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)",
                "os.write(fd, bytes(range(256)) * 2)",
                "os.writev(fd, [b'vector-one|', b'vector-two'])",
                "os.pread(fd, 300, 1)",
                "os.preadv(fd, [bytearray(7), bytearray(5)], 512)",
                "try:",
                "    os.read(999, 10)",
                "except OSError:",
                "    pass",
                "print(fd, flush=True)");
        Collector c = new Collector();
        EbpfRecorder recorder = new EbpfRecorder(EbpfOptions.defaults().withSnaplen(snaplen));
        recorder.start(c::accept);
        int fd;
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", script, file.toString())
                    .redirectErrorStream(true).start();
            c.pid = (int) p.pid();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor()).as("python said: %s", out).isZero();
            fd = Integer.parseInt(out);
            c.awaitProcexit(c.pid);
        } finally {
            recorder.stop();
        }
        int pid = c.pid;
        byte[] written = new byte[512];
        for (int i = 0; i < written.length; i++) {
            written[i] = (byte) i;
        }
        // python itself reads through fd 3 while it starts: only what follows the script's write is its
        Event write = c.first(e -> e.pid == pid && e.kind == EventKinds.WRITE && e.fd == fd && e.res == 512);
        assertThat(write.res).isEqualTo(512);
        assertThat(write.data).isEqualTo(Arrays.copyOf(written, Math.min(512, snaplen)));

        Event writev = c.firstAfter(write, e -> e.pid == pid && e.kind == EventKinds.of("writev") && e.fd == fd);
        assertThat(writev.res).isEqualTo(21);
        byte[] firstVector = "vector-one|".getBytes(StandardCharsets.US_ASCII);
        assertThat(writev.data).as("the first vector only").isEqualTo(Arrays.copyOf(firstVector, Math.min(11, snaplen)));

        Event pread = c.firstAfter(writev, e -> e.pid == pid && e.kind == EventKinds.of("pread64") && e.fd == fd);
        assertThat(pread.res).isEqualTo(300);
        assertThat(pread.data).isEqualTo(Arrays.copyOfRange(written, 1, 1 + Math.min(300, snaplen)));

        Event preadv = c.firstAfter(pread, e -> e.pid == pid && e.kind.name().startsWith("preadv") && e.fd == fd);
        assertThat(preadv.res).isEqualTo(12);
        assertThat(preadv.data).isEqualTo(Arrays.copyOf("vector-".getBytes(StandardCharsets.US_ASCII),
                Math.min(7, snaplen)));

        Event failed = c.firstAfter(preadv, e -> e.pid == pid && e.kind == EventKinds.READ && e.fd == 999);
        assertThat(failed.res).isEqualTo(-1);
        assertThat(failed.errno).isEqualTo(9); // EBADF
        assertThat(failed.data).isNull();
        assertThat(recorder.counters().get(SourceCounters.PARSE_ERRORS)).isZero();
    }

    @Test
    void losesNoEventOf200kOpenClosePairs(@TempDir Path dir) throws Exception {
        Path loop = OpenCloseLoop.compile(dir);
        Assumptions.assumeTrue(loop != null, "needs gcc");
        // a path no other process opens, so the count needs no pid (the loop may start before we know it)
        String target = Files.writeString(dir.resolve("target"), "x").toString();
        long[] opens = new long[1];
        long[] dropEvents = new long[1];
        EbpfRecorder recorder = new EbpfRecorder(EbpfOptions.defaults());
        recorder.start(e -> {
            if (e.kind == EventKinds.OPENAT && e.res >= 0 && target.equals(e.path)) {
                opens[0]++;
            } else if (e.kind == EventKinds.DROP) {
                dropEvents[0]++;
            }
        });
        try {
            Process p = new ProcessBuilder(loop.toString(), "200000", target).start();
            assertThat(p.waitFor()).isZero();
        } finally {
            recorder.stop();
        }
        assertThat(dropEvents[0]).isZero();
        assertThat(recorder.counters().get(SourceCounters.DROPS)).isZero();
        assertThat(opens[0]).isEqualTo(200_000);
    }

    @Test
    void reportsWhatTheKernelCouldNotFitAsDropEvents(@TempDir Path dir) throws Exception {
        Path loop = OpenCloseLoop.compile(dir);
        Assumptions.assumeTrue(loop != null, "needs gcc");
        String target = Files.writeString(dir.resolve("target"), "x").toString();
        CountDownLatch loopDone = new CountDownLatch(1);
        List<Long> dropEvents = new ArrayList<>();
        // one page of ring and a sink that stalls until the loop is over: most records cannot fit
        EbpfRecorder recorder = new EbpfRecorder(EbpfOptions.defaults().withRingBufferBytes(4096));
        recorder.start(e -> {
            awaitQuietly(loopDone);
            if (e.kind == EventKinds.DROP) {
                dropEvents.add(e.res);
            }
        });
        try {
            Process p = new ProcessBuilder(loop.toString(), "10000", target).start();
            assertThat(p.waitFor()).isZero();
        } finally {
            loopDone.countDown();
            recorder.stop();
        }
        long drops = recorder.counters().get(SourceCounters.DROPS);
        assertThat(drops).isGreaterThan(10_000);
        assertThat(dropEvents.stream().mapToLong(Long::longValue).sum()).isEqualTo(drops);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A C loop of open/close pairs: the cheapest syscall-heavy workload, to measure against. */
    static final class OpenCloseLoop {
        private static final String SOURCE = String.join("\n",
                "#include <fcntl.h>",
                "#include <stdlib.h>",
                "#include <unistd.h>",
                "int main(int argc, char **argv) {",
                "    long n = atol(argv[1]);",
                "    for (long i = 0; i < n; i++) {",
                "        int fd = open(argv[2], O_RDONLY);",
                "        if (fd < 0) return 1;",
                "        close(fd);",
                "    }",
                "    return 0;",
                "}");

        static Path compile(Path dir) throws IOException, InterruptedException {
            Path source = dir.resolve("loop.c");
            Path binary = dir.resolve("loop");
            Files.writeString(source, SOURCE);
            try {
                Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString())
                        .inheritIO().start();
                return gcc.waitFor() == 0 ? binary : null;
            } catch (IOException e) {
                return null;
            }
        }
    }
}
