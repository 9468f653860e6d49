package io.sysql.capture.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.SourceCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot of real processes in a pid namespace of their own ({@code unshare --pid --fork}, util-linux)
 * and in a cgroup laid out as a container runtime's. Needs root (unshare, cgroup creation).
 */
class NamespacesSnapshotTest {
    private static final Path CGROUP2 = Path.of("/sys/fs/cgroup/unified");

    private static List<Event> snapshot(long pid) {
        List<Event> events = new ArrayList<>();
        assertThat(ProcSnapshot.ofThisMachine().emitProcess((int) pid, e -> events.add(e.copy()), new SourceCounters()))
                .as("process %d exists", pid).isTrue();
        return events;
    }

    private static Event process(List<Event> events) {
        return events.stream().filter(e -> e.kind == EventKinds.SNAP_PROCESS).findFirst().orElseThrow();
    }

    /** The children of a process, read until {@code count} exist (they are being forked). */
    private static long[] children(long pid, int count) throws Exception {
        Path file = Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children");
        for (int i = 0; i < 300; i++) {
            long[] found = Arrays.stream(Files.readString(file).trim().split(" ")).filter(s -> !s.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            if (found.length >= count) {
                return found;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("process " + pid + " never had " + count + " children");
    }

    @Test
    void processesInAPidNamespaceHaveTheirHostPidsAndTheirIdsInsideIt(@TempDir Path tmp) throws Exception {
        // In the namespace sh execs sleep as pid 1, after starting python, which writes the ids it has there
        // (getpid, and gettid of its threads) once its two extra threads run.
        Path seen = tmp.resolve("ids-inside");
        Process unshare = new ProcessBuilder("unshare", "--pid", "--kill-child", "--mount-proc", "sh", "-c",
                "python3 -c 'import os, sys, threading, time\n"
                        + "ids = []\n"
                        + "def run(): ids.append(threading.get_native_id()); time.sleep(60)\n"
                        + "for _ in range(2): threading.Thread(target=run, daemon=True).start()\n"
                        + "while len(ids) < 2: time.sleep(0.01)\n"
                        + "open(sys.argv[1] + \".tmp\", \"w\").write(\" \".join(map(str, [os.getpid(), threading.get_native_id()] + ids)))\n"
                        + "os.rename(sys.argv[1] + \".tmp\", sys.argv[1])\n"
                        + "time.sleep(60)' " + seen + " & exec sleep 60").start();
        try {
            long init = children(unshare.pid(), 1)[0];
            long python = children(init, 1)[0];
            for (int i = 0; i < 500 && !Files.exists(seen); i++) {
                Thread.sleep(20);
            }
            List<Integer> inside = Arrays.stream(Files.readString(seen).split(" ")).map(Integer::parseInt).toList();
            Event initProcess = process(snapshot(init));
            assertThat(initProcess.pid).isEqualTo(init);
            assertThat(initProcess.vpid).isEqualTo(1);

            List<Event> events = snapshot(python);
            Event p = process(events);
            assertThat(p.pid).as("host pid").isEqualTo(python);
            assertThat(p.vpid).as("getpid() inside").isEqualTo(inside.get(0));
            Map<Integer, Integer> vtidOfTid = events.stream().filter(e -> e.kind == EventKinds.SNAP_THREAD)
                    .collect(Collectors.toMap(e -> e.tid, e -> e.vtid));
            List<Integer> hostTids;
            try (var tasks = Files.list(Path.of("/proc", Long.toString(python), "task"))) {
                hostTids = tasks.map(t -> Integer.parseInt(t.getFileName().toString())).sorted().toList();
            }
            assertThat(vtidOfTid.keySet()).as("host tids, as /proc lists them").containsExactlyInAnyOrderElementsOf(hostTids);
            assertThat(vtidOfTid.get((int) python)).isEqualTo(inside.get(1));
            assertThat(vtidOfTid.values()).as("gettid() of each thread inside").containsExactlyInAnyOrderElementsOf(inside.subList(1, 4));

            Event self = process(snapshot(ProcessHandle.current().pid()));
            assertThat(self.vpid).as("on the host").isEqualTo(self.pid);
        } finally {
            unshare.destroyForcibly(); // it blocks SIGTERM; --kill-child: its namespace's init dies with it
            unshare.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessInACgroupLaidOutAsAContainerRuntimesHasThatContainer() throws Exception {
        assertThat(Files.isWritable(CGROUP2.resolve("cgroup.procs"))).as("a writable cgroup v2 hierarchy at " + CGROUP2
                + " (root)").isTrue();
        String fullId = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        // docker with the systemd cgroup driver (docker does not run here); podman the same way
        Map<String, String> runtimeOfScope = new HashMap<>();
        runtimeOfScope.put("docker-" + fullId + ".scope", "docker");
        runtimeOfScope.put("libpod-" + fullId + ".scope", "podman");
        Path slice = CGROUP2.resolve("sysql-test-" + ProcessHandle.current().pid() + ".slice");
        for (Map.Entry<String, String> layout : runtimeOfScope.entrySet()) {
            Path scope = Files.createDirectories(slice.resolve(layout.getKey()));
            Process sleep = new ProcessBuilder("sleep", "60").start();
            try {
                Files.writeString(scope.resolve("cgroup.procs"), Long.toString(sleep.pid()));
                List<Event> events = snapshot(sleep.pid());
                Event container = events.get(0);
                assertThat(container.kind).as("the container comes before its process").isEqualTo(EventKinds.CONTAINER);
                assertThat(container.containerId).isEqualTo(fullId.substring(0, 12));
                assertThat(container.containerRuntime).isEqualTo(layout.getValue());
                assertThat(container.name).as("a container no runtime knows of has no name").isNull();
                assertThat(process(events).containerId).isEqualTo(fullId.substring(0, 12));
            } finally {
                sleep.destroy();
                sleep.waitFor(10, TimeUnit.SECONDS);
                for (int i = 0; i < 100 && !Files.readString(scope.resolve("cgroup.procs")).isBlank(); i++) {
                    Thread.sleep(20);
                }
                Files.delete(scope);
            }
        }
        Files.delete(slice);
    }
}
