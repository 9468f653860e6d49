package io.sysql.capture.proc;

import io.sysql.capture.event.Clock;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes one process as snap_process, snap_thread and snap_fd events. Processes come and go while they
 * are read: a file that has vanished means the process (or just that thread or fd) is gone, a denied one
 * that the kernel hides it; both are counted, neither fails the scan.
 */
final class ProcessScan {
    private final Path procRoot;
    private final BootClock bootClock;
    private final NetNamespaces nets;
    private final EventSink sink;
    private final SourceCounters counters;
    private final DockerState docker = new DockerState(Path.of("/var/lib/docker/containers"));
    private final ContainersStorageState containersStorage =
            new ContainersStorageState(Path.of("/var/lib/containers/storage/overlay-containers/containers.json"));
    /** Containers already described in this scan. */
    private final Set<String> containersSeen = new HashSet<>();
    /** Reused for every event: sinks copy what they keep. */
    private final Event event = new Event();

    ProcessScan(Path procRoot, BootClock bootClock, NetNamespaces nets, EventSink sink, SourceCounters counters) {
        this.procRoot = procRoot;
        this.bootClock = bootClock;
        this.nets = nets;
        this.sink = sink;
        this.counters = counters;
    }

    /** Emits the process; false when it was gone before anything of it could be read. */
    boolean scan(int pid) {
        Path dir = procRoot.resolve(Integer.toString(pid));
        long ts = Clock.nowNanos();
        boolean emitted = false;
        try {
            Emitted main = emitProcess(pid, dir, ts);
            emitted = true;
            boolean partsVanished = emitThreads(pid, main, dir, ts);
            partsVanished |= emitFds(pid, dir, ts);
            if (partsVanished && !Files.exists(dir)) {
                counters.increment(SourceCounters.VANISHED);
            }
        } catch (NoSuchFileException gone) {
            counters.increment(SourceCounters.VANISHED);
        } catch (AccessDeniedException denied) {
            counters.increment(SourceCounters.PERMISSION_DENIED);
        } catch (IOException gone) {
            // ESRCH and the like: the process died while a file of it was read
            counters.increment(SourceCounters.VANISHED);
        } catch (RuntimeException unparsable) {
            counters.increment(SourceCounters.PARSE_ERRORS);
        }
        return emitted;
    }

    /** What the threads of an emitted process need of it. */
    private record Emitted(String comm, int pid, int vpid) {
        boolean inPidNamespace() {
            return vpid >= 0 && vpid != pid;
        }
    }

    /** Emits the process, preceded by its container when this scan meets that first. */
    private Emitted emitProcess(int pid, Path dir, long ts) throws IOException {
        StatLine stat = StatLine.parse(ProcFiles.readAscii(dir.resolve("stat")));
        StatusFile status = StatusFile.parse(ProcFiles.readAscii(dir.resolve("status")));
        String args = ProcFiles.readUtf8(dir.resolve("cmdline")).replace('\0', ' ').stripTrailing();
        ContainerCgroup container = ContainerCgroup.find(ProcFiles.readAscii(dir.resolve("cgroup")));
        if (container != null && containersSeen.add(container.id())) {
            emitContainer(container, ts);
        }
        Event e = event.clear();
        e.kind = EventKinds.SNAP_PROCESS;
        e.ts = ts;
        e.pid = pid;
        e.tid = pid;
        e.ppid = stat.ppid();
        e.name = stat.comm();
        e.exe = optionalLink(dir.resolve("exe"));
        e.args = args;
        e.cwd = optionalLink(dir.resolve("cwd"));
        e.uid = status.euid();
        e.gid = status.egid();
        e.startTs = bootClock.wallNsOfTicks(stat.startTicks());
        e.vmSizeKb = status.vmSizeKb();
        e.vmRssKb = status.vmRssKb();
        e.fdLimit = LimitsFile.maxOpenFiles(ProcFiles.readAscii(dir.resolve("limits")));
        e.vpid = status.vpid();
        e.vtid = status.vtid();
        e.containerId = container == null ? null : container.id();
        sink.accept(e);
        return new Emitted(stat.comm(), pid, status.vpid());
    }

    private void emitContainer(ContainerCgroup container, long ts) {
        // containerd keeps its state in a BoltDB file: its containers get no name or image
        DockerState.Description d = switch (container.runtime()) {
            case "docker" -> docker.describe(container.fullId());
            case "podman", "cri-o" -> containersStorage.describe(container.fullId());
            default -> new DockerState.Description(null, null);
        };
        Event e = event.clear();
        e.kind = EventKinds.CONTAINER;
        e.ts = ts;
        e.containerId = container.id();
        e.containerRuntime = container.runtime();
        e.name = d.name();
        e.containerImage = d.image();
        sink.accept(e);
    }

    /** A link the process may lack (kernel threads and zombies have no exe) or the kernel may hide. */
    private String optionalLink(Path link) {
        try {
            return ProcFiles.readLink(link);
        } catch (AccessDeniedException denied) {
            counters.increment(SourceCounters.PERMISSION_DENIED);
            return null;
        } catch (IOException absent) {
            return null;
        }
    }

    /**
     * Emits every thread, the main one included; true when some thread vanished meanwhile. A thread's id
     * in its pid namespace is its own only when the process is in one (each costs a read of its status).
     */
    private boolean emitThreads(int pid, Emitted main, Path dir, long ts) throws IOException {
        Path tasks = dir.resolve("task");
        boolean vanished = false;
        for (int tid : ProcFiles.numericEntries(tasks)) {
            Path task = tasks.resolve(Integer.toString(tid));
            String name = main.comm();
            int vtid = main.vpid() < 0 ? Event.UNSET : tid;
            try {
                if (tid != pid) {
                    name = ProcFiles.readUtf8(task.resolve("comm")).stripTrailing();
                }
                if (main.inPidNamespace()) {
                    vtid = StatusFile.parse(ProcFiles.readAscii(task.resolve("status"))).vtid();
                }
            } catch (NoSuchFileException exited) {
                vanished = true;
                continue;
            }
            Event e = event.clear();
            e.kind = EventKinds.SNAP_THREAD;
            e.ts = ts;
            e.pid = pid;
            e.tid = tid;
            e.name = name;
            e.vtid = vtid;
            sink.accept(e);
        }
        return vanished;
    }

    /** Emits every open fd; true when some fd was closed meanwhile. */
    private boolean emitFds(int pid, Path dir, long ts) throws IOException {
        Path fds = dir.resolve("fd");
        Path fdinfos = dir.resolve("fdinfo");
        int[] numbers;
        try {
            numbers = ProcFiles.numericEntries(fds);
        } catch (AccessDeniedException denied) {
            counters.increment(SourceCounters.PERMISSION_DENIED);
            return false;
        }
        boolean vanished = false;
        for (int fd : numbers) {
            String name = Integer.toString(fd);
            Path link = fds.resolve(name);
            String target;
            long flags;
            try {
                target = ProcFiles.readLink(link);
                flags = FdKind.flagsOfFdinfo(ProcFiles.readAscii(fdinfos.resolve(name)));
            } catch (NoSuchFileException closed) {
                vanished = true;
                continue;
            } catch (AccessDeniedException denied) {
                // every fd of a process is hidden alike: one denial says it all
                counters.increment(SourceCounters.PERMISSION_DENIED);
                return vanished;
            }
            Event e = event.clear();
            e.kind = EventKinds.SNAP_FD;
            e.ts = ts;
            e.pid = pid;
            e.tid = pid;
            e.fd = fd;
            e.flags = flags;
            describe(e, dir, link, target);
            sink.accept(e);
        }
        return vanished;
    }

    private void describe(Event e, Path dir, Path link, String target) throws IOException {
        long inode = FdKind.socketInode(target);
        if (inode >= 0) {
            SocketInfo socket = nets.find(dir, inode);
            if (socket != null) {
                socket.describe(e);
                return;
            }
            e.path = target;
            if (!SocketProtocol.describe(e, link)) {
                e.fdType = FdType.OTHER;
            }
            return;
        }
        FdType type = FdKind.ofLinkTarget(target);
        if (type == FdType.FILE && Files.isDirectory(link)) {
            type = FdType.DIRECTORY;
        }
        e.fdType = type;
        e.path = target;
    }
}
