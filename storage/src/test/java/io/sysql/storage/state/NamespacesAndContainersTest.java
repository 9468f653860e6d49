package io.sysql.storage.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.storage.history.ContainerRow;
import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.history.ThreadRow;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * pid namespaces (a clone inside one returns the child's namespaced id) and containers, as the scap
 * driver reports them: a clone exit in the parent carries the caller's vtid/vpid, the child's own clone
 * exit (result 0) its host tid/pid, the parent's tid in ppid, and its namespaced ids.
 */
class NamespacesAndContainersTest {
    private static final int CLONE_THREAD_FILES_VM = 0x10000 | 0x400 | 0x100;
    private static final String WEB = "697956520d89";

    /** A shell at host pid 25754, pid 1 of its container's namespace, with a file open on fd 3. */
    private static Script shellInAContainer() {
        Script s = new Script();
        Event c = Event.of(EventKinds.CONTAINER, -1, -1);
        c.containerId = WEB;
        c.name = "web";
        c.containerImage = "nginx";
        c.containerRuntime = "docker";
        s.apply(c);
        Event p = Event.of(EventKinds.SNAP_PROCESS, 25754, 25754);
        p.ppid = 25722;
        p.name = "bash";
        p.uid = 0;
        p.gid = 0;
        p.fdLimit = 1048576;
        p.vpid = 1;
        p.containerId = WEB;
        s.apply(p);
        Event t = Event.of(EventKinds.SNAP_THREAD, 25754, 25754);
        t.vtid = 1;
        s.apply(t);
        s.open(25754, "/var/log/web.log", 3);
        return s;
    }

    private static long parentCloneExit(Script s, int res, int flags) {
        return s.call(EventKinds.CLONE, 25754, 25754, res, e -> {
            e.flags = flags;
            e.vpid = 1;
            e.vtid = 1;
        });
    }

    private static long childCloneExit(Script s, int hostPid, int hostTid, int vpid, int vtid, int flags) {
        return s.call(EventKinds.CLONE, hostPid, hostTid, 0, e -> {
            e.flags = flags;
            e.ppid = 25754;
            e.name = "bash";
            e.uid = 0;
            e.gid = 0;
            e.fdLimit = 1048576;
            e.vpid = vpid;
            e.vtid = vtid;
            e.containerId = WEB;
        });
    }

    @Test
    void aCloneInsideAPidNamespaceMakesNoProcessFromItsNamespacedResult() {
        Script s = shellInAContainer();
        long clone = parentCloneExit(s, 6, 0);
        assertThat(s.processes(6, clone)).as("no phantom process 6").isEmpty();
        assertThat(s.history.at(clone).threads()).noneMatch(t -> t.tid == 6);
        assertThat(s.history.at(clone).fds()).noneMatch(f -> f.pid == 6);
    }

    @Test
    void theChildIsBornFromItsOwnCloneExitUnderItsHostPidWithItsParentsFds() {
        Script s = shellInAContainer();
        parentCloneExit(s, 6, 0);
        long born = childCloneExit(s, 32052, 32052, 6, 6, 0);

        ProcessRow child = s.processes(32052, born).get(0);
        ProcessRow parent = s.processes(25754, born).get(0);
        assertThat(child.vpid).isEqualTo(6);
        assertThat(child.ppid).isEqualTo(25754);
        assertThat(child.parentUpid).isEqualTo(parent.upid);
        assertThat(child.uid).isZero();
        assertThat(child.fdLimit).isEqualTo(1048576);
        assertThat(child.containerId).isEqualTo(WEB);
        assertThat(child.containerName).isEqualTo("web");
        assertThat(child.containerImage).isEqualTo("nginx");
        assertThat(s.fds(32052, born)).containsExactly("3=/var/log/web.log");
        assertThat(s.history.at(born).threads()).filteredOn(t -> t.pid == 32052).singleElement()
                .satisfies(t -> assertThat(t.vtid).isEqualTo(6));
        assertThat(s.history.processes().all()).as("one incarnation of the child").filteredOn(p -> p.pid == 32052)
                .extracting(p -> p.upid).containsOnly(child.upid);
    }

    @Test
    void aThreadOfAProcessInAPidNamespaceGetsItsHostTidAndItsVtid() {
        Script s = shellInAContainer();
        parentCloneExit(s, 7, CLONE_THREAD_FILES_VM);
        long born = childCloneExit(s, 25754, 32060, 1, 7, CLONE_THREAD_FILES_VM);

        List<ThreadRow> threads = s.history.at(born).threads();
        assertThat(threads).noneMatch(t -> t.tid == 7);
        assertThat(threads).filteredOn(t -> t.tid == 32060).singleElement().satisfies(t -> {
            assertThat(t.pid).isEqualTo(25754);
            assertThat(t.vtid).isEqualTo(7);
        });
        assertThat(s.processes(32060, born)).isEmpty();
    }

    @Test
    void onTheHostTheParentsResultIsTheChildAndTheChildsOwnExitAddsNoSecondIncarnation() {
        for (boolean childFirst : new boolean[] {false, true}) {
            Script s = new Script();
            s.process(100, 1, "app");
            s.open(100, "/a", 3);
            if (childFirst) {
                s.call(EventKinds.CLONE, 101, 101, 0, e -> {
                    e.ppid = 100;
                    e.vpid = 101;
                    e.vtid = 101;
                });
            }
            long parentSide = s.call(EventKinds.CLONE, 100, 100, 101, e -> {
                e.vpid = 100;
                e.vtid = 100;
            });
            if (!childFirst) {
                s.call(EventKinds.CLONE, 101, 101, 0, e -> {
                    e.ppid = 100;
                    e.vpid = 101;
                    e.vtid = 101;
                });
            }
            long end = s.num;
            assertThat(s.history.processes().all()).as("child first: " + childFirst).filteredOn(p -> p.pid == 101)
                    .extracting(p -> p.upid).containsOnly(s.processes(101, end).get(0).upid);
            assertThat(s.processes(101, end).get(0).vpid).isEqualTo(101);
            assertThat(s.fds(101, end)).containsExactly("3=/a");
            assertThat(s.processes(101, parentSide)).hasSize(1);
        }
    }

    @Test
    void containerMetadataArrivingLaterNamesItsRunningProcesses() {
        Script s = new Script();
        Event p = Event.of(EventKinds.SNAP_PROCESS, 500, 500);
        p.name = "nginx";
        p.containerId = WEB;
        long snap = s.apply(p);
        assertThat(s.processes(500, snap).get(0).containerName).isNull();
        assertThat(s.history.at(snap).containers()).singleElement().satisfies(c -> {
            assertThat(c.id).isEqualTo(WEB);
            assertThat(c.name).isNull();
        });

        Event c = Event.of(EventKinds.CONTAINER, -1, -1);
        c.containerId = WEB;
        c.name = "web";
        c.containerImage = "nginx:1.25";
        long described = s.apply(c);
        ProcessRow named = s.processes(500, described).get(0);
        assertThat(named.containerName).isEqualTo("web");
        assertThat(named.containerImage).isEqualTo("nginx:1.25");
        assertThat(s.processes(500, snap).get(0).containerName).as("AS OF before the metadata").isNull();
    }

    @Test
    void aContainerIsLastSeenWhenItsLastProcessEnds() {
        Script s = shellInAContainer();
        long fork = s.call(EventKinds.CLONE, 25754, 25754, 26000, e -> { });
        assertThat(s.processes(26000, fork).get(0).containerId).as("a child inherits its container").isEqualTo(WEB);
        long firstExit = s.exit(26000, 26000, 0);
        assertThat(container(s, firstExit).lastSeenTs).as("a process still runs in it").isZero();
        long lastExit = s.exit(25754, 25754, 0);
        ContainerRow gone = container(s, lastExit);
        assertThat(gone.lastSeenTs).isEqualTo(s.history.lastTs());
        assertThat(gone.name).isEqualTo("web");
        assertThat(gone.runtime).isEqualTo("docker");
        assertThat(container(s, lastExit - 1).lastSeenTs).isZero();
    }

    @Test
    void anExecWhoseProcessMovedIntoAContainerJoinsIt() {
        Script s = new Script();
        s.process(700, 1, "runc");
        long exec = s.call(EventKinds.EXECVE, 700, 700, 0, e -> {
            e.path = "/usr/sbin/nginx";
            e.containerId = WEB;
        });
        assertThat(s.processes(700, exec).get(0).containerId).isEqualTo(WEB);
        assertThat(s.processes(700, exec - 1).get(0).containerId).isNull();
        assertThat(s.history.at(exec).containers()).extracting(c -> c.id).containsExactly(WEB);
    }

    private static ContainerRow container(Script s, long at) {
        return s.history.at(at).containers().stream().filter(c -> c.id.equals(WEB)).findFirst().orElseThrow();
    }
}
