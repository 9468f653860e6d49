package io.sysql.storage.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.Linux;
import io.sysql.capture.event.FdType;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.history.ThreadRow;
import io.sysql.storage.history.VersionList;
import org.junit.jupiter.api.Test;

import java.util.List;

class StateMachineTest {
    private static final long O_CLOEXEC = Linux.O_CLOEXEC;
    private static final long CLONE_THREAD_FILES_VM = 0x10000 | 0x400 | 0x100;

    @Test
    void processThatExitsAtNIsThereMarkedExitedWithItsFdsAndGoneAfter() {
        Script s = new Script();
        s.process(100, 1, "app");
        s.open(100, "/var/log/app.log", 3);
        long exit = s.exit(100, 100, 7);
        s.process(200, 1, "other");

        List<ProcessRow> atExit = s.processes(100, exit);
        assertThat(atExit).hasSize(1);
        assertThat(atExit.get(0).exited).isTrue();
        assertThat(atExit.get(0).exitCode).isEqualTo(7);
        assertThat(s.fds(100, exit)).containsExactly("3=/var/log/app.log");
        assertThat(s.processes(100, exit - 1).get(0).exited).isFalse();
        assertThat(s.processes(100, exit + 1)).isEmpty();
        assertThat(s.fds(100, exit + 1)).isEmpty();
    }

    @Test
    void processAndThreadThatExitAtACheckpointedEventAreThereAsOfIt() {
        Script s = new Script();
        s.process(100, 1, "app");
        // Each execve opens one process and one thread version; stop one short of a checkpoint, so the
        // exit's own versions (exited process, dead thread) are the ones that take it.
        while (s.history.threads().size() < VersionList.MIN_CHECKPOINT_SPACING - 1) {
            s.call(EventKinds.EXECVE, 100, 100, 0, e -> e.path = "/bin/app");
        }
        long exit = s.exit(100, 100, 7);

        assertThat(s.processes(100, exit)).singleElement().satisfies(p -> assertThat(p.exited).isTrue());
        assertThat(s.history.at(exit).threads()).filteredOn(t -> t.pid == 100).singleElement()
                .satisfies(t -> assertThat(t.exited).isTrue());
    }

    @Test
    void closedFdIsGoneAsOfTheClose() {
        Script s = new Script();
        s.process(100, 1, "app");
        long opened = s.open(100, "/etc/passwd", 3);
        long closed = s.close(100, 3);
        assertThat(s.fds(100, opened)).containsExactly("3=/etc/passwd");
        assertThat(s.fds(100, closed)).isEmpty();
    }

    @Test
    void dup2OverAnOpenFdReplacesItWithANewIncarnation() {
        Script s = new Script();
        s.process(100, 1, "app");
        s.open(100, "/a", 3);
        long openedB = s.open(100, "/b", 20);
        long ufdB = s.fd(100, 20, openedB).ufd;
        long dup = s.call(EventKinds.DUP2, 100, 100, 20, e -> {
            e.fd = 3;
            e.fd2 = 20;
        });
        FdRow twenty = s.fd(100, 20, dup);
        assertThat(twenty.name).isEqualTo("/a");
        assertThat(twenty.ufd).isNotEqualTo(ufdB);
        assertThat(s.fds(100, dup)).containsExactly("3=/a", "20=/a");
        assertThat(s.fd(100, 20, dup - 1).name).isEqualTo("/b");
    }

    @Test
    void dupDropsCloexecAndDup3CanSetIt() {
        Script s = new Script();
        s.process(100, 1, "app");
        s.open(100, "/a", 3, O_CLOEXEC);
        long dup = s.call(EventKinds.DUP, 100, 100, 4, e -> e.fd = 3);
        long dup3 = s.call(EventKinds.DUP3, 100, 100, 5, e -> {
            e.fd = 3;
            e.fd2 = 5;
            e.flags = O_CLOEXEC;
        });
        assertThat(s.fd(100, 4, dup).closeOnExec()).isFalse();
        assertThat(s.fd(100, 5, dup3).closeOnExec()).isTrue();
    }

    @Test
    void execveClosesCloexecFdsAndRenamesTheProcess() {
        Script s = new Script();
        s.process(100, 1, "sh");
        s.open(100, "/keep", 3);
        s.open(100, "/drop", 4, O_CLOEXEC);
        s.call(EventKinds.FCNTL, 100, 100, 0, e -> {
            e.fd = 3;
            e.flags = 2; // F_SETFD
            e.mode = 0;
        });
        long exec = s.call(EventKinds.EXECVE, 100, 100, 0, e -> {
            e.path = "/usr/bin/python3";
            e.args = "python3 -c pass";
        });
        assertThat(s.fds(100, exec)).containsExactly("3=/keep");
        ProcessRow p = s.processes(100, exec).get(0);
        assertThat(p.name).isEqualTo("python3");
        assertThat(p.exe).isEqualTo("/usr/bin/python3");
        assertThat(p.args).isEqualTo("python3 -c pass");
        assertThat(s.fd(100, 3, exec).procName).isEqualTo("python3");
        assertThat(s.processes(100, exec - 1).get(0).name).isEqualTo("sh");
    }

    @Test
    void aProcessFirstSeenAtItsExecveTakesWhatTheExecveSaysOfIt() {
        Script s = new Script();
        s.process(250, 1, "bash");
        long exec = s.call(EventKinds.EXECVE, 300, 300, 0, e -> {
            e.path = "/usr/bin/ls";
            e.ppid = 250; // the parent tid a scap execve exit carries
            e.cwd = "/tmp";
            e.fdLimit = 1048576;
            e.vmSizeKb = 2400;
            e.vmRssKb = 900;
            e.uid = 33;
            e.gid = 34;
        });
        ProcessRow p = s.processes(300, exec).get(0);
        assertThat(p.name).isEqualTo("ls");
        assertThat(p.cwd).isEqualTo("/tmp");
        assertThat(p.fdLimit).isEqualTo(1048576);
        assertThat(p.vmSizeKb).isEqualTo(2400);
        assertThat(p.vmRssKb).isEqualTo(900);
        assertThat(p.uid).isEqualTo(33);
        assertThat(p.gid).isEqualTo(34);
        assertThat(p.ppid).isEqualTo(250);
        assertThat(p.parentUpid).isEqualTo(s.processes(250, exec).get(0).upid);
    }

    /** What CPU time a window counts for a thread depends on whether it started in it. */
    @Test
    void aThreadStartsWithItsProcessOrItsCloneAndKeepsItsStartThroughAnExecve() {
        Script s = new Script();
        s.process(100, 1, "app");
        Event snapshotted = Event.of(EventKinds.SNAP_THREAD, 100, 101);
        snapshotted.name = "worker";
        s.apply(snapshotted);
        long cloned = s.call(EventKinds.CLONE, 100, 100, 102,
                e -> e.flags = Linux.CLONE_THREAD | Linux.CLONE_FILES | Linux.CLONE_VM);
        long exec = s.call(EventKinds.EXECVE, 100, 100, 0, e -> e.path = "/bin/next");
        java.util.function.LongFunction<java.util.Map<Integer, Long>> starts = n -> s.history.at(n).threads().stream()
                .collect(java.util.stream.Collectors.toMap(t -> t.tid, t -> t.startTs));
        assertThat(starts.apply(cloned)).as("the process's start; unknown; the clone's time")
                .containsEntry(100, 42L).containsEntry(101, 0L).containsEntry(102, 1_000_000_000L * cloned);
        assertThat(starts.apply(exec)).as("a new program, the same task").containsEntry(100, 42L);
    }

    @Test
    void anExecveThatSaysNothingOfThemKeepsTheProcesssIdsAndCwd() {
        Script s = new Script();
        s.process(100, 1, "sh");
        s.call(EventKinds.CHDIR, 100, 100, 0, e -> e.path = "/srv");
        long exec = s.call(EventKinds.EXECVE, 100, 100, 0, e -> e.path = "/bin/true");
        ProcessRow p = s.processes(100, exec).get(0);
        assertThat(p.cwd).isEqualTo("/srv");
        assertThat(p.uid).isZero();
    }

    @Test
    void pidfdGetfdCopiesTheFdOfTheProcessThePidfdNames() {
        Script s = new Script();
        s.process(100, 1, "debugger");
        s.process(200, 1, "server");
        s.open(200, "/srv/data", 5);
        s.call(EventKinds.PIDFD_OPEN, 100, 100, 3, e -> e.targetPid = 200);
        long copied = s.call(EventKinds.PIDFD_GETFD, 100, 100, 7, e -> {
            e.fd = 3;
            e.fd2 = 5;
        });
        FdRow copy = s.fd(100, 7, copied);
        assertThat(copy.name).isEqualTo("/srv/data");
        assertThat(copy.type).isEqualTo(FdType.FILE);
        assertThat(copy.flags & Linux.O_CLOEXEC).as("pidfd_getfd's copies are close-on-exec").isNotZero();
        assertThat(s.fds(200, copied)).containsExactly("5=/srv/data");
    }

    @Test
    void usersAndGroupsAddedMakeNoProcess() {
        Script s = new Script();
        s.process(100, 1, "sh");
        s.call(EventKinds.of("useradded"), -1, -1, 0, e -> e.name = "web");
        long last = s.call(EventKinds.of("groupadded"), -1, -1, 0, e -> e.name = "web");
        assertThat(s.processes(-1, last)).isEmpty();
    }

    @Test
    void fcntlSetfdCloexecMakesExecCloseIt() {
        Script s = new Script();
        s.process(100, 1, "sh");
        s.open(100, "/x", 3);
        s.call(EventKinds.FCNTL, 100, 100, 0, e -> {
            e.fd = 3;
            e.flags = 2;
            e.mode = 1;
        });
        long exec = s.call(EventKinds.EXECVE, 100, 100, 0, e -> e.path = "/bin/true");
        assertThat(s.fds(100, exec)).isEmpty();
    }

    @Test
    void threadsShareOneFdTable() {
        Script s = new Script();
        s.process(100, 1, "app");
        s.call(EventKinds.CLONE, 100, 100, 101, e -> e.flags = CLONE_THREAD_FILES_VM);
        long opened = s.call(EventKinds.OPENAT, 100, 101, 5, e -> e.path = "/from/thread");
        long closed = s.call(EventKinds.CLOSE, 100, 100, 0, e -> e.fd = 5);
        assertThat(s.fds(100, opened)).containsExactly("5=/from/thread");
        assertThat(s.fds(100, closed)).isEmpty();
        List<ThreadRow> threads = s.history.at(opened).threads();
        assertThat(threads).extracting(t -> t.tid).containsExactlyInAnyOrder(100, 101);
        assertThat(s.processes(101, opened)).isEmpty();
    }

    @Test
    void forkCopiesFdsIntoNewIncarnations() {
        Script s = new Script();
        s.process(100, 1, "sh");
        s.open(100, "/shared", 3);
        long fork = s.call(EventKinds.CLONE, 100, 100, 300, e -> e.flags = 0x01200011);
        ProcessRow child = s.processes(300, fork).get(0);
        ProcessRow parent = s.processes(100, fork).get(0);
        assertThat(child.ppid).isEqualTo(100);
        assertThat(child.parentUpid).isEqualTo(parent.upid);
        assertThat(child.upid).isNotEqualTo(parent.upid);
        assertThat(s.fds(300, fork)).containsExactly("3=/shared");
        assertThat(s.fd(300, 3, fork).ufd).isNotEqualTo(s.fd(100, 3, fork).ufd);
        long closed = s.close(300, 3);
        assertThat(s.fds(100, closed)).containsExactly("3=/shared");
    }

    /** Sizes are what /proc showed of one process at one time: not its child's, nor its next program's. */
    @Test
    void memorySizeOfAForkedChildAndOfANewProgramIsUnknown() {
        Script s = new Script();
        Event snap = Event.of(EventKinds.SNAP_PROCESS, 100, 100);
        snap.name = "server";
        snap.vmSizeKb = 900_000;
        snap.vmRssKb = 40_000;
        long read = s.apply(snap);
        long fork = s.call(EventKinds.CLONE, 100, 100, 300, e -> e.flags = 0x01200011);
        long exec = s.call(EventKinds.EXECVE, 100, 100, 0, e -> e.path = "/bin/other");
        assertThat(s.processes(100, read).get(0).vmSizeKb).isEqualTo(900_000);
        assertThat(s.processes(100, fork).get(0).vmRssKb).isEqualTo(40_000);
        assertThat(s.processes(300, fork).get(0)).satisfies(child -> {
            assertThat(child.vmSizeKb).isZero();
            assertThat(child.vmRssKb).isZero();
        });
        assertThat(s.processes(100, exec).get(0).vmSizeKb).isZero();
    }

    @Test
    void closeRangeClosesOrMarksCloexec() {
        Script s = new Script();
        s.process(100, 1, "app");
        for (int fd = 3; fd <= 7; fd++) {
            s.open(100, "/f" + fd, fd);
        }
        long cloexec = s.call(EventKinds.CLOSE_RANGE, 100, 100, 0, e -> {
            e.fd = 6;
            e.fd2 = Integer.MAX_VALUE;
            e.flags = 4;
        });
        assertThat(s.fd(100, 7, cloexec).closeOnExec()).isTrue();
        long closed = s.call(EventKinds.CLOSE_RANGE, 100, 100, 0, e -> {
            e.fd = 4;
            e.fd2 = 5;
        });
        assertThat(s.fds(100, closed)).containsExactly("3=/f3", "6=/f6", "7=/f7");
    }

    @Test
    void pidReuseGivesANewUpid() {
        Script s = new Script();
        s.process(1, 0, "init");
        s.call(EventKinds.CLONE, 1, 1, 500, e -> { });
        long firstExit = s.exit(500, 500, 0);
        long upid1 = s.processes(500, firstExit).get(0).upid;
        long second = s.call(EventKinds.CLONE, 1, 1, 500, e -> { });
        long upid2 = s.processes(500, second).get(0).upid;
        assertThat(upid2).isNotEqualTo(upid1);
        assertThat(s.history.processes().all()).filteredOn(p -> p.pid == 500 && !p.isEmpty())
                .extracting(p -> p.upid).containsOnly(upid1, upid2);
    }

    @Test
    void procexitOfOneThreadLeavesTheProcessAndExitGroupEndsAll() {
        Script s = new Script();
        s.process(100, 1, "app");
        s.call(EventKinds.CLONE, 100, 100, 101, e -> e.flags = CLONE_THREAD_FILES_VM);
        s.call(EventKinds.CLONE, 100, 100, 102, e -> e.flags = CLONE_THREAD_FILES_VM);
        s.open(100, "/data", 3);
        long threadDied = s.exit(100, 101, 0);
        assertThat(s.processes(100, threadDied).get(0).exited).isFalse();
        assertThat(s.history.at(threadDied + 0).threads()).filteredOn(t -> t.tid == 101)
                .allMatch(t -> t.exited);
        s.call(EventKinds.EXIT_GROUP, 100, 102, 0, e -> e.exitCode = 3);
        long died = s.exit(100, 102, 3);
        assertThat(s.processes(100, died).get(0).exited).isTrue();
        assertThat(s.fds(100, died)).containsExactly("3=/data");
        assertThat(s.processes(100, died + 0)).isNotEmpty();
        long after = s.process(900, 1, "later");
        assertThat(s.processes(100, after)).isEmpty();
        assertThat(s.history.at(after).threads()).noneMatch(t -> t.pid == 100);
    }

    @Test
    void anFdClosedTwiceIsClosedOnce() {
        Script s = new Script();
        s.process(100, 1, "app");
        s.open(100, "/x", 3);
        long first = s.close(100, 3);
        long second = s.call(EventKinds.CLOSE, 100, 100, -9, e -> e.fd = 3);
        assertThat(s.fds(100, first)).isEmpty();
        assertThat(s.fds(100, second)).isEmpty();
        assertThat(s.history.fds().all()).hasSize(1);
    }

    @Test
    void eventsOfUnknownPidsCreateTheProcessAndItsFdsOnSight() {
        Script s = new Script();
        long n = s.call(EventKinds.READ, 4242, 4243, 10, e -> {
            e.fd = 7;
            e.fdType = FdType.FILE;
            e.path = "/seen/late";
        });
        assertThat(s.processes(4242, n)).hasSize(1);
        assertThat(s.fds(4242, n)).containsExactly("7=/seen/late");
        assertThat(s.history.at(n).threads()).extracting(t -> t.tid).containsExactly(4243);
    }

    @Test
    void socketLifecycleGivesRolesAndEndpoints() {
        Script s = new Script();
        s.process(100, 1, "srv");
        long created = s.call(EventKinds.SOCKET, 100, 100, 3, e -> {
            e.sockFamily = 2;
            e.flags = 1;
        });
        long bound = s.call(EventKinds.BIND, 100, 100, 0, e -> {
            e.fd = 3;
            e.localIp = "127.0.0.1";
            e.localPort = 0;
        });
        long listen = s.call(EventKinds.LISTEN, 100, 100, 0, e -> {
            e.fd = 3;
            e.fdType = FdType.IPV4;
            e.localIp = "127.0.0.1";
            e.localPort = 40000;
        });
        long accept = s.call(EventKinds.ACCEPT4, 100, 100, 4, e -> {
            e.fd = 3;
            e.localIp = "127.0.0.1";
            e.localPort = 40000;
            e.remoteIp = "127.0.0.1";
            e.remotePort = 50000;
        });
        assertThat(s.fd(100, 3, created).name).as("no end known: nameless, as such a socket of the fd list")
                .isNull();
        assertThat(s.fd(100, 3, bound).name).isEqualTo("127.0.0.1:0");
        FdRow listening = s.fd(100, 3, listen);
        assertThat(listening.isServer).isTrue();
        assertThat(listening.localPort).isEqualTo(40000);
        assertThat(listening.type).isEqualTo(FdType.IPV4);
        assertThat(listening.l4proto).isEqualTo("tcp");
        FdRow conn = s.fd(100, 4, accept);
        assertThat(conn.isServer).isTrue();
        assertThat(conn.name).isEqualTo("127.0.0.1:40000->127.0.0.1:50000");
        assertThat(conn.sockState).isEqualTo("ESTABLISHED");
    }

    @Test
    void aConnectionsStateFollowsItsCalls() {
        Script s = new Script();
        s.process(100, 1, "cli");
        long created = s.call(EventKinds.SOCKET, 100, 100, 3, e -> {
            e.sockFamily = 2;
            e.flags = 1;
        });
        long pending = s.call(EventKinds.CONNECT, 100, 100, -1, e -> {
            e.fd = 3;
            e.errno = 115; // EINPROGRESS: a non-blocking connect
            e.remoteIp = "10.0.0.1";
            e.remotePort = 80;
        });
        long failedWrite = s.call(EventKinds.WRITE, 100, 100, -1, e -> {
            e.fd = 3;
            e.errno = 11;
        });
        long wrote = s.call(EventKinds.WRITE, 100, 100, 5, e -> e.fd = 3);
        long shut = s.call(EventKinds.SHUTDOWN, 100, 100, 0, e -> {
            e.fd = 3;
            e.flags = 1; // SHUT_WR
        });
        long udp = s.call(EventKinds.SOCKET, 100, 100, 4, e -> {
            e.sockFamily = 2;
            e.flags = 2;
        });
        long udpConnected = s.call(EventKinds.CONNECT, 100, 100, 0, e -> {
            e.fd = 4;
            e.remoteIp = "10.0.0.2";
            e.remotePort = 53;
        });
        assertThat(s.fd(100, 3, created).sockState).isEqualTo("CLOSE");
        assertThat(s.fd(100, 3, pending).sockState).isEqualTo("SYN_SENT");
        assertThat(s.fd(100, 3, failedWrite).sockState).isEqualTo("SYN_SENT");
        assertThat(s.fd(100, 3, wrote).sockState).isEqualTo("ESTABLISHED");
        assertThat(s.fd(100, 3, shut).sockState).isEqualTo("FIN_WAIT2");
        assertThat(s.fd(100, 4, udp).sockState).isEqualTo("UNCONN");
        assertThat(s.fd(100, 4, udpConnected).sockState).isEqualTo("ESTABLISHED");
    }

    @Test
    void aNonBlockingConnectIsEstablishedOnceItsPeerHasAName() {
        Script s = new Script();
        s.process(100, 1, "curl");
        s.call(EventKinds.SOCKET, 100, 100, 3, e -> {
            e.sockFamily = 2;
            e.flags = 1;
        });
        long pending = s.call(EventKinds.CONNECT, 100, 100, -1, e -> {
            e.fd = 3;
            e.errno = 115; // EINPROGRESS
            e.remoteIp = "10.0.0.1";
            e.remotePort = 443;
        });
        long notYet = s.call(EventKinds.of("getpeername"), 100, 100, -1, e -> {
            e.fd = 3;
            e.errno = 107; // ENOTCONN: still connecting
        });
        long named = s.call(EventKinds.of("getpeername"), 100, 100, 0, e -> e.fd = 3);
        assertThat(s.fd(100, 3, pending).sockState).isEqualTo("SYN_SENT");
        assertThat(s.fd(100, 3, notYet).sockState).isEqualTo("SYN_SENT");
        assertThat(s.fd(100, 3, named).sockState).isEqualTo("ESTABLISHED");
    }

    @Test
    void eventsAreAnnotatedWithNamesAsTheyWereThen() {
        Script s = new Script();
        s.process(100, 1, "app");
        s.open(100, "/first", 3);
        Event read = Event.of(EventKinds.READ, 100, 100);
        read.fd = 3;
        s.apply(read);
        Event close = Event.of(EventKinds.CLOSE, 100, 100);
        close.fd = 3;
        s.apply(close);
        s.open(100, "/second", 3);
        assertThat(read.fdName).isEqualTo("/first");
        assertThat(read.procName).isEqualTo("app");
        assertThat(close.fdName).isEqualTo("/first");
    }
}
