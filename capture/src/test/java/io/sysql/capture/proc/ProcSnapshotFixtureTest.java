package io.sysql.capture.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.SourceCounters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot of a real process against what lsof, ss and ps say of it. */
class ProcSnapshotFixtureTest {
    private static final long O_WRONLY = 01;
    private static final long O_APPEND = 02000;
    private static final long O_DIRECTORY = 0200000;
    private static final long O_CLOEXEC = 02000000;

    @TempDir
    static Path tmp;
    private static PythonFixture fixture;
    private static long spawnedAtNs;
    private static long readyAtNs;

    @BeforeAll
    static void startFixture() throws Exception {
        for (String tool : new String[] {"python3", "lsof", "ss", "ps"}) {
            assumeTrue(Commands.exists(tool), tool + " is not installed");
        }
        assumeTrue(Commands.isRoot(), "lsof and ss show other processes' sockets only to root");
        assumeTrue(Commands.run("python3", "-c", "import os; print(hasattr(os, 'eventfd') and hasattr(os, 'pidfd_open'))")
                .trim().equals("True"), "python3 lacks os.eventfd/os.pidfd_open (needs 3.10 on Linux >= 5.3)");
        spawnedAtNs = io.sysql.capture.event.Clock.nowNanos();
        fixture = new PythonFixture(tmp);
        readyAtNs = io.sysql.capture.event.Clock.nowNanos();
    }

    @AfterAll
    static void stopFixture() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static List<Event> snapshot(SourceCounters counters) {
        List<Event> events = new ArrayList<>();
        boolean found = ProcSnapshot.ofThisMachine().emitProcess(fixture.pid(), e -> events.add(e.copy()), counters);
        assertThat(found).isTrue();
        return events;
    }

    private static Map<Integer, Event> fdsByNumber() {
        return snapshot(new SourceCounters()).stream().filter(e -> e.kind == EventKinds.SNAP_FD)
                .collect(Collectors.toMap(e -> e.fd, e -> e, (a, b) -> a, TreeMap::new));
    }

    @Test
    void fdNumbersTypesAndNamesAreWhatLsofShows() throws Exception {
        Map<Integer, String> expected = new TreeMap<>();
        String fd = null;
        String type = null;
        String inode = null;
        for (String line : Commands.run("lsof", "-n", "-P", "-p", Integer.toString(fixture.pid()), "-F", "ftin")
                .split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            char field = line.charAt(0);
            String value = line.substring(1);
            if (field == 'f') {
                fd = value;
                inode = null;
            } else if (field == 't') {
                type = value;
            } else if (field == 'i') {
                inode = value;
            } else if (field == 'n' && fd.chars().allMatch(Character::isDigit)) {
                expected.put(Integer.parseInt(fd), LsofRow.typeAndName(type, value, inode));
            }
        }

        Map<Integer, String> actual = new TreeMap<>();
        fdsByNumber().forEach((n, e) -> actual.put(n, LsofRow.ofSnapshot(e)));

        assertThat(actual).isEqualTo(expected);
        assertThat(actual).hasSizeGreaterThanOrEqualTo(fixture.fds.size() + 3);
    }

    @Test
    void socketsAreWhatSsShows() throws Exception {
        String pidTag = "pid=" + fixture.pid() + ",fd=";
        Map<Integer, String> expected = new TreeMap<>();
        for (String line : Commands.run("ss", "-tuanpH").split("\n")) {
            int at = line.indexOf(pidTag);
            if (at < 0) {
                continue;
            }
            String[] f = Tokens.split(line);
            int fd = Integer.parseInt(line.substring(at + pidTag.length()).replaceAll("[^0-9].*", ""));
            expected.put(fd, f[0] + " " + SsRow.state(f[1]) + " " + SsRow.endpoint(f[4]) + " " + SsRow.endpoint(f[5]));
        }

        Map<Integer, String> actual = new TreeMap<>();
        fdsByNumber().forEach((n, e) -> {
            if (e.fdType != null && e.fdType.isIp()) {
                actual.put(n, e.l4proto + " " + e.sockState + " " + e.localIp + " " + e.localPort + " "
                        + e.remoteIp + " " + e.remotePort);
            }
        });

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.get(fixture.fd("am"))).contains("::ffff:127.0.0.1");
        assertThat(actual.get(fixture.fd("c6"))).contains("::1");
    }

    @Test
    void theServerSideOfEachConnectionIsMarked() {
        Map<Integer, Event> fds = fdsByNumber();
        for (String role : List.of("srv", "acc", "s6", "a6", "dual", "am", "us", "ua")) {
            assertThat(fds.get(fixture.fd(role)).isServer).as(role).isTrue();
        }
        for (String role : List.of("cli", "c6", "cm", "udp", "uc", "nl")) {
            assertThat(fds.get(fixture.fd(role)).isServer).as(role).isFalse();
        }
        assertThat(fds.get(fixture.fd("us")).sockState).isEqualTo("LISTEN");
        assertThat(fds.get(fixture.fd("ua")).sockState).isEqualTo("ESTABLISHED");
        assertThat(fds.get(fixture.fd("ua")).path).isEqualTo(fixture.dir.resolve("sock").toString());
        assertThat(fds.get(fixture.fd("uc")).path).isNull();
        assertThat(fds.get(fixture.fd("udp")).l4proto).isEqualTo("udp");
        assertThat(fds.get(fixture.fd("nl")).sockFamily).isEqualTo(16);
        assertThat(fds.get(fixture.fd("s6")).sockFamily).isEqualTo(10);
        assertThat(fds.get(fixture.fd("cli")).sockFamily).isEqualTo(2);
    }

    @Test
    void fdFlagsAreTheOpenFlags() {
        Map<Integer, Event> fds = fdsByNumber();
        long file = fds.get(fixture.fd("file")).flags;
        assertThat(file & 03).isEqualTo(O_WRONLY);
        assertThat(file & O_APPEND).isEqualTo(O_APPEND);
        assertThat(file & O_CLOEXEC).as("python opens non-inheritable fds").isEqualTo(O_CLOEXEC);
        assertThat(fds.get(fixture.fd("dir")).flags & O_DIRECTORY).isEqualTo(O_DIRECTORY);
        assertThat(fds.get(fixture.fd("pipe_r")).flags & 03).isEqualTo(0);
        assertThat(fds.get(fixture.fd("pipe_w")).flags & 03).isEqualTo(O_WRONLY);
        assertThat(fds.get(fixture.fd("memfd")).path).isEqualTo("/memfd:snapmem (deleted)");
    }

    @Test
    void processFieldsAreWhatPsShows() throws Exception {
        String[] ps = Tokens.split(Commands.run("ps", "-ww", "-o", "pid=,ppid=,euid=,egid=,vsz=,rss=,comm=", "-p",
                Integer.toString(fixture.pid())).trim());
        String args = Commands.run("ps", "-ww", "-o", "args=", "-p", Integer.toString(fixture.pid())).trim();
        Event p = snapshot(new SourceCounters()).get(0);

        assertThat(p.kind).isEqualTo(EventKinds.SNAP_PROCESS);
        assertThat(p.pid).isEqualTo(fixture.pid());
        assertThat(p.tid).isEqualTo(fixture.pid());
        assertThat(p.ppid).isEqualTo(Integer.parseInt(ps[1])).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(p.uid).isEqualTo(Integer.parseInt(ps[2]));
        assertThat(p.gid).isEqualTo(Integer.parseInt(ps[3]));
        assertThat(p.vmSizeKb).isCloseTo(Long.parseLong(ps[4]), withPercentage(5));
        assertThat(p.vmRssKb).isCloseTo(Long.parseLong(ps[5]), withPercentage(25));
        assertThat(p.name).isEqualTo(ps[6]).isEqualTo("python3");
        assertThat(p.args).isEqualTo(args).endsWith("fixture.py " + fixture.dir);
        assertThat(p.cwd).isEqualTo(fixture.dir.toString());
        assertThat(p.exe).isEqualTo(Commands.run("python3", "-c",
                "import os, sys; print(os.path.realpath(sys.executable))").trim());
        assertThat(p.fdLimit).isEqualTo(PythonFixture.FD_LIMIT);
        // btime has whole seconds: the start reads up to a second early, as in ps
        assertThat(p.startTs).isBetween(spawnedAtNs - 1_100_000_000L, readyAtNs);
        assertThat(p.ts).isGreaterThanOrEqualTo(readyAtNs);
    }

    @Test
    void everyThreadIsListedWithItsName() throws Exception {
        Map<Integer, String> expected = new TreeMap<>();
        for (String line : Commands.run("ps", "-L", "-o", "tid=,comm=", "-p", Integer.toString(fixture.pid()))
                .split("\n")) {
            String[] f = Tokens.split(line);
            if (f.length == 2) {
                expected.put(Integer.parseInt(f[0]), f[1]);
            }
        }
        Map<Integer, String> actual = new TreeMap<>();
        for (Event e : snapshot(new SourceCounters())) {
            if (e.kind == EventKinds.SNAP_THREAD) {
                assertThat(e.pid).isEqualTo(fixture.pid());
                actual.put(e.tid, e.name);
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual).containsEntry(fixture.pid(), "python3").containsValues("worker-a", "worker-b");
    }

    @Test
    void aProcessIsFollowedByItsThreadsThenItsFdsAndNothingIsCounted() {
        SourceCounters counters = new SourceCounters();
        List<EventKind> types = snapshot(counters).stream().map(e -> e.kind).distinct().collect(Collectors.toList());
        assertThat(types).containsExactly(EventKinds.SNAP_PROCESS, EventKinds.SNAP_THREAD, EventKinds.SNAP_FD);
        assertThat(counters.snapshot()).isEmpty();
    }

    @Test
    void theWholeMachineScanHoldsTheFixtureAsItsOwnScanDoes() {
        List<Event> all = new ArrayList<>();
        SourceCounters counters = new SourceCounters();
        ProcSnapshot.ofThisMachine().emitAll(e -> all.add(e.copy()), counters);

        List<Event> fixtureFds = all.stream()
                .filter(e -> e.pid == fixture.pid() && e.kind == EventKinds.SNAP_FD).collect(Collectors.toList());
        assertThat(fixtureFds).extracting(e -> e.fd + " " + e.fdType + " " + e.path + " " + e.isServer)
                .containsExactlyElementsOf(fdsByNumber().values().stream()
                        .map(e -> e.fd + " " + e.fdType + " " + e.path + " " + e.isServer).collect(Collectors.toList()));
        assertThat(all).filteredOn(e -> e.kind == EventKinds.SNAP_PROCESS)
                .extracting(e -> e.pid).contains(fixture.pid(), (int) ProcessHandle.current().pid());
        assertThat(all.get(0).kind).isEqualTo(EventKinds.SNAP_USER);
        assertThat(all).allMatch(e -> e.num == 0 && e.ts > 0);
    }

    @Test
    void aProcessThatIsGoneIsCountedAsVanished() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        List<Event> events = new ArrayList<>();
        SourceCounters counters = new SourceCounters();

        boolean found = ProcSnapshot.ofThisMachine().emitProcess((int) gone.pid(), events::add, counters);

        assertThat(found).isFalse();
        assertThat(events).isEmpty();
        assertThat(counters.get(SourceCounters.VANISHED)).isEqualTo(1);
    }
}
