package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.cli.Main;
import io.sysql.storage.Capture;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.ProcessRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Records the fdtour sample under strace and checks, through the storage API, the state the kernel had:
 * its fds AS OF its exit, its child's exec, and that it is gone after.
 */
class FdTourRecordingTest {
    @TempDir
    static Path tmp;
    static Path capture;
    static int status;

    @BeforeAll
    static void record() {
        Samples.assumeStrace();
        capture = tmp.resolve("cap");
        status = Main.run("record", "-o", capture.toString(), "--",
                Samples.program("fdtour").toString(), tmp.toString(), "/bin/true");
    }

    @Test
    void fdsAsOfTheProgramsExitAreExactlyWhatItLeftOpen() {
        assertThat(status).isZero();
        try (Capture c = Capture.open(capture)) {
            Event exit = Samples.first(c, e -> e.kind == EventKinds.PROCEXIT && "fdtour".equals(e.procName)
                    && e.pid == e.tid && isFdtourLeader(c, e));
            HistoryIndex.StateAt at = c.at(exit.num);
            ProcessRow tour = at.processes().stream().filter(p -> p.pid == exit.pid).findFirst().orElseThrow();
            assertThat(tour.exited).isTrue();
            assertThat(tour.exitCode).isZero();

            Map<Integer, FdRow> fds = at.fds().stream().filter(f -> f.upid == tour.upid)
                    .collect(Collectors.toMap(f -> f.fd, f -> f));
            assertThat(fds.keySet()).containsExactlyInAnyOrder(0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 20, 4, 7, 10);
            for (int i : new int[] {0, 2, 3, 5, 6, 8, 9}) {
                FdRow f = fds.get(3 + i);
                assertThat(f.type).isEqualTo(FdType.FILE);
                assertThat(f.name).isEqualTo(tmp.resolve("file" + i + ".txt").toString());
            }
            assertThat(fds.get(20).name).isEqualTo(tmp.resolve("file9.txt").toString());

            // The sockets reuse the lowest free numbers: those of the three files it closed.
            FdRow listener = fds.get(4);
            FdRow client = fds.get(7);
            FdRow accepted = fds.get(10);
            assertThat(listener.type).isEqualTo(FdType.IPV4);
            assertThat(listener.isServer).isTrue();
            assertThat(listener.sockState).isEqualTo("LISTEN");
            assertThat(listener.localIp).isEqualTo("127.0.0.1");
            int port = listener.localPort;
            assertThat(port).isPositive();
            assertThat(client.isServer).isFalse();
            assertThat(client.remoteIp).isEqualTo("127.0.0.1");
            assertThat(client.remotePort).isEqualTo(port);
            assertThat(accepted.isServer).isTrue();
            assertThat(accepted.localPort).isEqualTo(port);
            assertThat(accepted.remotePort).isEqualTo(client.localPort);
            assertThat(List.of(listener, client, accepted)).allMatch(f -> "tcp".equals(f.l4proto));
        }
    }

    private static boolean isFdtourLeader(Capture c, Event exit) {
        return c.at(exit.num).processes().stream().anyMatch(p -> p.pid == exit.pid && p.exited && "fdtour".equals(p.name));
    }

    @Test
    void theForkedChildRunsTheExecedProgramUnderItsParent() {
        try (Capture c = Capture.open(capture)) {
            Event fork = Samples.first(c, e -> (e.kind == EventKinds.CLONE || e.kind == EventKinds.CLONE3) && "fdtour".equals(e.procName) && e.res > 0);
            Event exec = Samples.first(c, e -> e.kind == EventKinds.EXECVE && e.pid == fork.res && !e.failed());
            ProcessRow child = c.at(exec.num).processes().stream().filter(p -> p.pid == fork.res).findFirst().orElseThrow();
            ProcessRow parent = c.at(exec.num).processes().stream().filter(p -> p.pid == fork.pid).findFirst().orElseThrow();
            assertThat(child.name).isEqualTo("true");
            assertThat(child.exe).isEqualTo("/bin/true");
            assertThat(child.parentUpid).isEqualTo(parent.upid);
            assertThat(child.ppid).isEqualTo(parent.pid);
            assertThat(parent.name).isEqualTo("fdtour");
        }
    }

    @Test
    void afterTheLastEventTheProgramIsGone() {
        try (Capture c = Capture.open(capture)) {
            long last = c.lastNum();
            assertThat(c.at(last).processes()).noneMatch(p -> "fdtour".equals(p.name));
            assertThat(c.at(last).fds()).noneMatch(f -> "fdtour".equals(f.procName));
        }
    }
}
