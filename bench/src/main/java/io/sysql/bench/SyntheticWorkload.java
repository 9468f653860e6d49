package io.sysql.bench;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.FdType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic system-wide capture, the same for the same seed and size: a snapshot of a few dozen
 * processes, then processes that fork, exec, start threads and exit (about 1,000 over a 10M-event run),
 * files, sockets and pipes opened and closed (about one per 100 events), and reads and writes between
 * them — some failing — for the rest. Fds are numbered like the kernel does (lowest free).
 */
public final class SyntheticWorkload {
    /** The capture's first timestamp: 2026-11-26T00:00:00Z. */
    public static final long START_TS = 1_795_651_200_000_000_000L;
    private static final int SNAPSHOT_PROCESSES = 40;
    private static final int LIVE_PROCESSES = 120;
    private static final int LIVE_FDS_PER_PROCESS = 24;
    private static final int CLONE_THREAD_FLAGS = 0x3d0f00; // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|...
    private static final int FORK_FLAGS = 0x1200011; // SIGCHLD|CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID
    private static final EventKind SENDTO = EventKinds.of("sendto");
    private static final EventKind RECVFROM = EventKinds.of("recvfrom");
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int O_WRONLY_CREAT = 0x41;
    private static final int EAGAIN = 11;
    private static final int ENOENT = 2;

    private static final String[] PROGRAMS = {"/usr/bin/bash", "/usr/bin/python3.11", "/usr/sbin/nginx",
            "/usr/bin/java", "/usr/lib/postgresql/15/bin/postgres", "/usr/bin/curl", "/usr/bin/make",
            "/usr/bin/gcc", "/usr/bin/git", "/usr/sbin/sshd", "/usr/bin/node", "/usr/bin/redis-server"};
    private static final String[] DIRECTORIES = {"/etc", "/var/log", "/usr/lib/x86_64-linux-gnu", "/home/dev/src",
            "/tmp", "/var/lib/postgresql/15/main/base", "/proc/self", "/usr/share/zoneinfo"};

    private final long events;
    private final SplittableRandom random;
    private final double spawnChance;
    private final double openChance;
    private final List<Proc> live = new ArrayList<>();
    private final Event e = new Event();
    private long emitted;
    private long ts = START_TS;
    private int nextPid = 1000;

    public SyntheticWorkload(long seed, long events) {
        this.events = events;
        this.random = new SplittableRandom(seed);
        // ~1,000 process lives and ~100,000 fd lives per 10M events, and at least a few in a small run.
        this.spawnChance = Math.max(1_000.0 / 10_000_000, 50.0 / events);
        this.openChance = Math.max(100_000.0 / 10_000_000, 2_000.0 / events);
    }

    public long events() {
        return events;
    }

    /** Sends exactly {@link #events()} events to {@code sink}, reusing one {@link Event}. */
    public void emit(EventSink sink) {
        snapshot(sink);
        while (emitted < events) {
            step(sink);
        }
    }

    private void snapshot(EventSink sink) {
        for (int i = 0; i < SNAPSHOT_PROCESSES && emitted < events; i++) {
            Proc p = new Proc(i == 0 ? 1 : nextPid++, i == 0 ? 0 : 1, PROGRAMS[i % PROGRAMS.length]);
            start(EventKinds.SNAP_PROCESS, p.pid, p.pid);
            e.ppid = p.ppid;
            e.name = p.name;
            e.exe = p.exe;
            e.args = p.exe + " --instance " + i;
            e.cwd = "/";
            e.uid = i % 3 == 0 ? 0 : 1000;
            e.gid = e.uid;
            e.startTs = START_TS - 1_000_000_000L * (SNAPSHOT_PROCESSES - i);
            send(sink);
            start(EventKinds.SNAP_THREAD, p.pid, p.pid);
            e.name = p.name;
            send(sink);
            for (int fd = 0; fd < 3 && emitted < events; fd++) {
                start(EventKinds.SNAP_FD, p.pid, p.pid);
                e.fd = p.allocateFd(FdType.FILE);
                e.fdType = FdType.FILE;
                e.path = "/dev/null";
                send(sink);
            }
            live.add(p);
        }
    }

    private void step(EventSink sink) {
        double r = random.nextDouble();
        if (r < spawnChance || live.isEmpty()) {
            spawn(sink);
        } else if (r < 2 * spawnChance) {
            exit(sink, live.get(random.nextInt(live.size())));
        } else if (r < 3 * spawnChance) {
            startThread(sink, anyProcess());
        } else if (r < 4 * spawnChance) {
            endThread(sink, anyProcess());
        } else if (r < 4 * spawnChance + openChance) {
            open(sink, anyProcess());
        } else if (r < 4 * spawnChance + 2 * openChance) {
            close(sink, anyProcess());
        } else {
            move(sink, anyProcess());
        }
    }

    private Proc anyProcess() {
        return live.get(random.nextInt(live.size()));
    }

    private void spawn(EventSink sink) {
        if (live.size() >= LIVE_PROCESSES) {
            exit(sink, live.get(random.nextInt(live.size())));
            return;
        }
        Proc parent = anyProcess();
        Proc child = new Proc(nextPid++, parent.pid, PROGRAMS[random.nextInt(PROGRAMS.length)]);
        for (int fd = 0; fd < 3; fd++) {
            child.allocateFd(FdType.FILE); // stdin, stdout, stderr; the rest is O_CLOEXEC or leaks
        }
        child.name = parent.name;
        start(EventKinds.CLONE, parent.pid, parent.randomTid(random));
        e.flags = FORK_FLAGS;
        e.res = child.pid;
        send(sink);
        live.add(child);
        start(EventKinds.EXECVE, child.pid, child.pid);
        e.path = child.exe;
        e.exe = child.exe;
        child.name = baseName(child.exe);
        e.name = child.name;
        e.args = child.exe + " -c job" + random.nextInt(100_000);
        send(sink);
    }

    private void exit(EventSink sink, Proc p) {
        if (p.pid == 1) {
            return;
        }
        start(EventKinds.EXIT_GROUP, p.pid, p.pid);
        e.exitCode = random.nextInt(10) == 0 ? 1 : 0;
        int code = e.exitCode;
        send(sink);
        for (int i = p.tids.size() - 1; i >= 0; i--) {
            start(EventKinds.PROCEXIT, p.pid, p.tids.get(i));
            e.exitCode = code;
            send(sink);
        }
        live.remove(p);
    }

    private void startThread(EventSink sink, Proc p) {
        if (p.tids.size() >= 8) {
            return;
        }
        int tid = nextPid++;
        start(EventKinds.CLONE, p.pid, p.pid);
        e.flags = CLONE_THREAD_FLAGS;
        e.res = tid;
        send(sink);
        p.tids.add(tid);
    }

    private void endThread(EventSink sink, Proc p) {
        if (p.tids.size() <= 1) {
            return;
        }
        int tid = p.tids.remove(p.tids.size() - 1);
        start(EventKinds.PROCEXIT, p.pid, tid);
        send(sink);
    }

    private void open(EventSink sink, Proc p) {
        if (p.openCount() >= LIVE_FDS_PER_PROCESS) {
            close(sink, p);
            return;
        }
        int tid = p.randomTid(random);
        int kind = random.nextInt(10);
        if (kind < 6) {
            start(EventKinds.OPENAT, p.pid, tid);
            e.path = DIRECTORIES[random.nextInt(DIRECTORIES.length)] + "/file" + random.nextInt(5_000) + ".dat";
            e.flags = random.nextBoolean() ? O_RDONLY_CLOEXEC : O_WRONLY_CREAT;
            e.mode = 0644;
            if (random.nextInt(8) == 0) {
                fail(ENOENT);
            } else {
                e.res = p.allocateFd(FdType.FILE);
                e.fdType = FdType.FILE;
            }
            send(sink);
        } else if (kind < 8) {
            start(EventKinds.SOCKET, p.pid, tid);
            e.sockFamily = 2;
            e.flags = 1;
            int fd = p.allocateFd(FdType.IPV4);
            e.res = fd;
            send(sink);
            start(EventKinds.CONNECT, p.pid, tid);
            e.fd = fd;
            e.fdType = FdType.IPV4;
            e.sockFamily = 2;
            e.l4proto = "tcp";
            e.localIp = "10.0.0.5";
            e.localPort = 32768 + random.nextInt(28_000);
            e.remoteIp = "10.0.1." + (1 + random.nextInt(200));
            e.remotePort = random.nextBoolean() ? 443 : 5432;
            send(sink);
        } else {
            start(EventKinds.PIPE2, p.pid, tid);
            e.fd = p.allocateFd(FdType.PIPE);
            e.fd2 = p.allocateFd(FdType.PIPE);
            e.flags = O_RDONLY_CLOEXEC;
            send(sink);
        }
    }

    private void close(EventSink sink, Proc p) {
        int fd = p.randomOpenFd(random);
        if (fd < 3) {
            return;
        }
        start(EventKinds.CLOSE, p.pid, p.randomTid(random));
        e.fd = fd;
        p.freeFd(fd);
        send(sink);
    }

    private void move(EventSink sink, Proc p) {
        int fd = p.randomOpenFd(random);
        if (fd < 0) {
            open(sink, p);
            return;
        }
        FdType kind = p.kindOf(fd);
        boolean write = random.nextBoolean();
        EventKind type = kind == FdType.IPV4 ? (write ? SENDTO : RECVFROM)
                : (write ? EventKinds.WRITE : EventKinds.READ);
        start(type, p.pid, p.randomTid(random));
        e.fd = fd;
        if (random.nextInt(20) == 0) {
            fail(EAGAIN);
        } else {
            e.res = 1 + random.nextInt(kind == FdType.FILE ? 65_536 : 1_500);
        }
        send(sink);
    }

    private void start(EventKind kind, int pid, int tid) {
        e.clear();
        e.kind = kind;
        e.pid = pid;
        e.tid = tid;
        e.cpu = random.nextInt(2);
        ts += 200 + random.nextInt(1_800);
        e.ts = ts;
        e.latencyNs = 300 + random.nextInt(5_000);
    }

    private void fail(int errno) {
        e.res = -1;
        e.errno = errno;
    }

    private void send(EventSink sink) {
        sink.accept(e);
        emitted++;
    }

    private static String baseName(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return base.length() > 15 ? base.substring(0, 15) : base;
    }

    /** What the generator remembers of a live process: its threads and its fds. */
    private static final class Proc {
        final int pid;
        final int ppid;
        final String exe;
        String name;
        final List<Integer> tids = new ArrayList<>();
        private final BitSet fds = new BitSet();
        /**
         * The open fds in ascending order, so that a random pick (on almost every event) is one array read
         * rather than a walk of the bit set; kept in step with {@link #fds} on open and close.
         */
        private int[] openInOrder = new int[16];
        private int openCount;
        /** Kinds of the open fds, indexed by fd (null when closed). */
        final List<FdType> fdKinds = new ArrayList<>();

        Proc(int pid, int ppid, String exe) {
            this.pid = pid;
            this.ppid = ppid;
            this.exe = exe;
            this.name = baseName(exe);
            tids.add(pid);
        }

        int randomTid(SplittableRandom random) {
            return tids.get(random.nextInt(tids.size()));
        }

        int allocateFd(FdType kind) {
            int fd = fds.nextClearBit(0);
            fds.set(fd);
            int at = -Arrays.binarySearch(openInOrder, 0, openCount, fd) - 1;
            if (openCount == openInOrder.length) {
                openInOrder = Arrays.copyOf(openInOrder, openCount * 2);
            }
            System.arraycopy(openInOrder, at, openInOrder, at + 1, openCount - at);
            openInOrder[at] = fd;
            openCount++;
            while (fdKinds.size() <= fd) {
                fdKinds.add(null);
            }
            fdKinds.set(fd, kind);
            return fd;
        }

        void freeFd(int fd) {
            fds.clear(fd);
            int at = Arrays.binarySearch(openInOrder, 0, openCount, fd);
            if (at >= 0) {
                System.arraycopy(openInOrder, at + 1, openInOrder, at, openCount - at - 1);
                openCount--;
            }
            fdKinds.set(fd, null);
        }

        int openCount() {
            return openCount;
        }

        FdType kindOf(int fd) {
            return fd < fdKinds.size() && fdKinds.get(fd) != null ? fdKinds.get(fd) : FdType.FILE;
        }

        /** An open fd, skipping stdin/out/err when there are others; -1 when none is open. */
        int randomOpenFd(SplittableRandom random) {
            int count = openCount;
            if (count == 0) {
                return -1;
            }
            int pick = count > 3 ? 3 + random.nextInt(count - 3) : random.nextInt(count);
            return openInOrder[pick];
        }
    }
}
