package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.cli.Main;
import io.sysql.storage.Capture;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex.StateAt;
import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real pid namespace ({@code unshare --pid --fork --mount-proc}, util-linux) recorded with strace and with
 * eBPF. In it, sh opens {@code ns-file} on fd 7, forks another sh (pid 2 there) that forks sleep (pid 3)
 * and execs sleep itself (pid 1): every clone in the namespace returns a namespaced id. The recorded
 * script takes the ground truth while they run (NStgid from /proc, lsof) and then kills the namespace.
 * AS OF the lsof's execve the capture must hold the three processes under their host pids, with the fds
 * lsof showed, their pids inside the namespace as far as the source tells them, and no process made from
 * a namespaced id.
 */
class PidNamespaceRecordingTest {
    @TempDir
    Path tmp;

    private String script() {
        Path w = tmp;
        return String.join("\n",
                "unshare --pid --fork --mount-proc sh -c 'exec 7>>" + w + "/ns-file; sh -c \"sleep 60; true\" & exec sleep 60' &",
                "U=$!",
                "for i in $(seq 600); do",
                "  N=$(cut -d' ' -f1 /proc/$U/task/$U/children 2>/dev/null)",
                "  [ -n \"$N\" ] && C=$(cut -d' ' -f1 /proc/$N/task/$N/children 2>/dev/null)",
                "  [ -n \"$C\" ] && D=$(cut -d' ' -f1 /proc/$C/task/$C/children 2>/dev/null)",
                "  [ -n \"$D\" ] && [ \"$(readlink /proc/$D/exe)\" = \"$(readlink -f /bin/sleep)\" ] && break",
                "  sleep 0.05",
                "done",
                "echo $N $C $D > " + w + "/pids",
                "for p in $N $C $D; do echo $p $(awk '/^NStgid:/ {print $NF}' /proc/$p/status); done > " + w + "/vpids",
                "lsof -n -P -p $N,$C,$D -F pftn > " + w + "/lsof.txt",
                "kill -9 $N", // the namespace's init: the kernel kills the whole namespace
                "wait");
    }

    /** What was true while the namespace ran: host pids, their pids inside it, and lsof's fds. */
    private record Truth(int[] pids, Map<Integer, Integer> vpid, Map<Integer, Map<Integer, String[]>> fds) {
    }

    private Truth truth() throws Exception {
        int[] pids = Arrays.stream(Files.readString(tmp.resolve("pids")).trim().split(" ")).mapToInt(Integer::parseInt)
                .toArray();
        assertThat(pids).as("the script found the namespace's three processes").hasSize(3);
        Map<Integer, Integer> vpid = new TreeMap<>();
        for (String l : Files.readAllLines(tmp.resolve("vpids"))) {
            String[] f = l.split(" ");
            vpid.put(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
        }
        assertThat(vpid.values()).as("NStgid inside the namespace").containsExactly(1, 2, 3);
        return new Truth(pids, vpid, LsofFields.fdsByPid(Files.readAllLines(tmp.resolve("lsof.txt"))));
    }

    @Test
    void straceRecordsTheNamespacesProcessesUnderTheirHostPidsWithTheirFds() throws Exception {
        Path dir = tmp.resolve("cap");
        assertThat(Main.run("record", "-o", dir.toString(), "--", "bash", "-c", script())).isZero();
        Truth truth = truth();
        try (Capture c = Capture.open(dir)) {
            StateAt at = c.at(lsofStarted(c, truth));
            assertHostPidsAndFds(at, truth);
            // strace tells the ids inside a namespace only through calls that return them: the shells call
            // getpid() (the init's before it execs sleep), the sleep the inner one forked never does
            int[] pids = truth.pids();
            assertThat(process(at, pids[0]).vpid).isEqualTo(truth.vpid().get(pids[0]));
            assertThat(process(at, pids[1]).vpid).isEqualTo(truth.vpid().get(pids[1]));
            assertThat(process(at, pids[2]).vpid).as("unknown").isEqualTo(-1);
        }
    }

    @Test
    void ebpfRecordsTheNamespacesProcessesUnderTheirHostPidsWithTheirFds() throws Exception {
        // A namespace that exists before the recording comes with the /proc snapshot, with its ids inside
        // (--kill-child: its init, and so the namespace, ends with unshare when the test ends).
        Process before = new ProcessBuilder("unshare", "--pid", "--kill-child", "--mount-proc", "sleep", "60").start();
        try {
            int init = -1;
            for (int i = 0; i < 600 && init < 0; i++) {
                String children = Files.readString(Path.of("/proc/" + before.pid() + "/task/" + before.pid() + "/children"));
                init = children.isBlank() ? -1 : Integer.parseInt(children.trim().split(" ")[0]);
                Thread.sleep(init < 0 ? 50 : 0);
            }
            Path dir = tmp.resolve("cap");
            assertThat(Main.run("record", "--system", "-o", dir.toString(), "--", "bash", "-c", script())).isZero();
            Truth truth = truth();
            try (Capture c = Capture.open(dir)) {
                StateAt at = c.at(lsofStarted(c, truth));
                assertHostPidsAndFds(at, truth);
                // eBPF reads every event's ids inside its namespace from the kernel
                for (int pid : truth.pids()) {
                    ProcessRow p = process(at, pid);
                    assertThat(p.vpid).as("vpid of %d", pid).isEqualTo(truth.vpid().get(pid));
                    assertThat(at.threads()).filteredOn(t -> t.upid == p.upid).singleElement()
                            .satisfies(t -> assertThat(t.vtid).isEqualTo(truth.vpid().get(pid)));
                }
                ProcessRow snapshotInit = process(at, init);
                assertThat(snapshotInit.vpid).isEqualTo(1);
                assertThat(at.threads()).filteredOn(t -> t.upid == snapshotInit.upid).singleElement()
                        .satisfies(t -> assertThat(t.vtid).isEqualTo(1));
            }
        } finally {
            before.destroyForcibly(); // it blocks SIGTERM
            before.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The event after which lsof ran: the state then is what lsof saw. */
    private static long lsofStarted(Capture c, Truth truth) {
        Event e = new Event();
        try (Journal.Cursor cursor = c.events(1)) {
            while (cursor.next(e)) {
                if (e.kind == EventKinds.EXECVE && !e.failed() && e.exe != null && e.exe.endsWith("/lsof")
                        && e.args != null && e.args.contains(" -p " + truth.pids()[0] + ",")) {
                    return e.num;
                }
            }
        }
        throw new AssertionError("no execve of lsof in the capture");
    }

    private static ProcessRow process(StateAt at, int pid) {
        return at.processes().stream().filter(p -> p.pid == pid).findFirst()
                .orElseThrow(() -> new AssertionError("no process " + pid));
    }

    private static void assertHostPidsAndFds(StateAt at, Truth truth) {
        int[] pids = truth.pids();
        ProcessRow init = process(at, pids[0]);
        ProcessRow shell = process(at, pids[1]);
        ProcessRow sleep = process(at, pids[2]);
        assertThat(init.name).isEqualTo("sleep");
        assertThat(shell.name).isEqualTo("sh");
        assertThat(shell.parentUpid).isEqualTo(init.upid);
        assertThat(sleep.name).isEqualTo("sleep");
        assertThat(sleep.parentUpid).isEqualTo(shell.upid);
        assertThat(at.processes()).as("children of the namespace's processes: no process from a namespaced id")
                .filteredOn(p -> p.parentUpid == init.upid || p.parentUpid == shell.upid || p.parentUpid == sleep.upid)
                .extracting(p -> p.pid).containsExactlyInAnyOrder(pids[1], pids[2]);
        for (int pid : pids) {
            Map<Integer, FdRow> fds = at.fds().stream().filter(f -> f.pid == pid)
                    .collect(Collectors.toMap(f -> f.fd, f -> f, (a, b) -> a, TreeMap::new));
            Map<Integer, String[]> lsof = truth.fds().get(pid);
            assertThat(lsof).as("lsof saw process " + pid).isNotNull();
            assertThat(fds.keySet()).as("fds of " + pid).isEqualTo(lsof.keySet());
            for (Map.Entry<Integer, String[]> f : lsof.entrySet()) {
                if (f.getValue()[0].equals("REG") || f.getValue()[0].equals("CHR")) {
                    assertThat(fds.get(f.getKey()).name).as("fd %d of %d", f.getKey(), pid).isEqualTo(f.getValue()[1]);
                }
            }
            assertThat(fds.get(7).name).endsWith("/ns-file");
        }
    }
}
