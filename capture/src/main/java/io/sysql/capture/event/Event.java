package io.sysql.capture.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * One system call (entry and exit merged) or one synthetic event, as every source delivers it and as the
 * journal stores it.
 *
 * <p>Fields are public and mutable on purpose: sources and the journal reader reuse one instance per
 * stream so that millions of events per second cost no allocation. Which optional fields are meaningful
 * depends on its {@link #kind}; unset numbers hold their {@link #clear() cleared} value and unset strings are
 * {@code null}.
 */
public final class Event {
    public static final int NO_FD = -1;
    public static final int UNSET = -1;
    /**
     * {@link #errno} of a call that never returned: one that does not when it succeeds (exit, exit_group,
     * rt_sigreturn) or one its thread died in. Its {@link #res} means nothing.
     */
    public static final int NO_EXIT = -1;
    /** Default number of data bytes kept per event, as sysdig's default snaplen. */
    public static final int DEFAULT_SNAPLEN = 80;

    // --- every event
    /** Dense position in the capture, from 1; assigned by the journal writer. */
    public long num;
    /** Wall-clock time of the call's exit (or of the synthetic fact), ns since the epoch. */
    public long ts;
    /** Time from entry to exit; 0 when unknown. */
    public long latencyNs;
    public int cpu;
    /** Process (thread group) id. */
    public int pid;
    /** Thread id. */
    public int tid;
    /**
     * The ids of the thread inside its innermost pid namespace (equal to pid/tid outside containers);
     * {@link #UNSET} when the source does not say. On a clone family call they are the caller's, and a vtid
     * other than tid says the result is the child's namespaced id (scap): the child is then known by its
     * own clone exit (res 0). A source that gives the child's host id as the result whatever the caller's
     * namespace (eBPF's births, strace's translated pids) leaves them UNSET there.
     */
    public int vpid;
    public int vtid;
    /**
     * What happened: a row of {@link EventKinds} (a call the table lacks, as an imported capture may hold,
     * has a row made for its name there). Compare rows by identity.
     */
    public EventKind kind;
    /** The call's return value (new fd, bytes moved, child pid, ...); -1 on failure. */
    public long res;
    /** errno when the call failed, 0 when it succeeded, {@link #NO_EXIT} when it never returned. */
    public int errno;

    // --- file descriptors
    /** The fd the call acts on (close, read, dup's old fd, fchdir) or the first fd it creates (pipe). */
    public int fd;
    /** A second fd: dup2/dup3's target, the second end of pipe/socketpair, close_range's last fd. */
    public int fd2;
    /** Call flags: open flags, clone flags, dup3/pipe2/accept4 flags, fcntl command, socket type. */
    public long flags;
    /** Call mode: open's mode, fcntl's argument, socket protocol. */
    public long mode;
    /** The process a call acts on by pid (pidfd_open's); {@link #UNSET} otherwise. */
    public int targetPid;
    /** File path (open, chdir, execve's file, unix socket path) or an fd's name in the snapshot. */
    public String path;
    /** What kind of fd the call created or acts on, when the source knows. */
    public FdType fdType;

    // --- sockets
    /** AF_INET=2, AF_INET6=10, AF_UNIX=1, AF_NETLINK=16; 0 when not a socket. */
    public int sockFamily;
    /** "tcp", "udp", "raw", or null. */
    public String l4proto;
    public String localIp;
    public int localPort;
    public String remoteIp;
    public int remotePort;
    /** The socket listens (snapshot); accepted and connected sockets learn their role from the call. */
    public boolean isServer;
    /** TCP state as /proc/net shows it (LISTEN, ESTABLISHED, ...), or null. */
    public String sockState;

    // --- processes (snapshot, execve, clone, setuid, procexit)
    /** Command name (comm) for processes and threads; user or group name for snap_user/snap_group. */
    public String name;
    public String exe;
    /** Arguments: argv joined by spaces for processes; the raw argument text for other calls. */
    public String args;
    public String cwd;
    public int ppid;
    public int uid;
    public int gid;
    public long startTs;
    public long vmSizeKb;
    public long vmRssKb;
    public long fdLimit;
    /** procexit: the exit status, or -1 when killed by a signal. */
    public int exitCode;
    /** procexit: the signal that killed it, else 0. */
    public int signal;
    public String home;
    public String shell;

    // --- CPU time (cpu_sample, procinfo, procexit): what the thread has used since it started
    /** ns the thread ran in user mode; {@link #UNSET} when the event does not say. */
    public long cpuUserNs;
    /** ns the thread ran in the kernel; {@link #UNSET} when the event does not say. */
    public long cpuSystemNs;

    // --- containers (snap_process, clone, execve: the process's container; container: its metadata)
    /** The container's id as sysdig shows it (12 hex digits for docker and the CRI runtimes). */
    public String containerId;
    /** container: the image the container runs. Its name is in {@link #name}. */
    public String containerImage;
    /** container: docker, containerd, cri-o, podman, ... */
    public String containerRuntime;

    // --- data
    /** The first bytes moved by a read/write-family call (at most the capture's snaplen). */
    public byte[] data;

    // --- filled by the state machine as the event is written: the world as it was at this event
    public String procName;
    public String fdName;

    // --- filled when a capture is read, from its history index
    /** procexit: this exit ended the process (its last thread); the other procexits are thread exits. */
    public boolean endsProcess;

    public Event() {
        clear();
    }

    public Event clear() {
        num = 0;
        ts = 0;
        latencyNs = 0;
        cpu = UNSET;
        pid = 0;
        tid = 0;
        vpid = UNSET;
        vtid = UNSET;
        kind = null;
        res = 0;
        errno = 0;
        fd = NO_FD;
        fd2 = NO_FD;
        flags = 0;
        mode = 0;
        targetPid = UNSET;
        path = null;
        fdType = null;
        sockFamily = 0;
        l4proto = null;
        localIp = null;
        localPort = 0;
        remoteIp = null;
        remotePort = 0;
        isServer = false;
        sockState = null;
        name = null;
        exe = null;
        args = null;
        cwd = null;
        ppid = 0;
        uid = UNSET;
        gid = UNSET;
        startTs = 0;
        vmSizeKb = 0;
        vmRssKb = 0;
        fdLimit = 0;
        exitCode = 0;
        signal = 0;
        cpuUserNs = UNSET;
        cpuSystemNs = UNSET;
        home = null;
        shell = null;
        containerId = null;
        containerImage = null;
        containerRuntime = null;
        data = null;
        procName = null;
        fdName = null;
        endsProcess = false;
        return this;
    }

    /** Makes this event a copy of {@code o} (the data array is shared: events never mutate it). */
    public Event copyFrom(Event o) {
        num = o.num;
        ts = o.ts;
        latencyNs = o.latencyNs;
        cpu = o.cpu;
        pid = o.pid;
        tid = o.tid;
        vpid = o.vpid;
        vtid = o.vtid;
        kind = o.kind;
        res = o.res;
        errno = o.errno;
        fd = o.fd;
        fd2 = o.fd2;
        flags = o.flags;
        mode = o.mode;
        targetPid = o.targetPid;
        path = o.path;
        fdType = o.fdType;
        sockFamily = o.sockFamily;
        l4proto = o.l4proto;
        localIp = o.localIp;
        localPort = o.localPort;
        remoteIp = o.remoteIp;
        remotePort = o.remotePort;
        isServer = o.isServer;
        sockState = o.sockState;
        name = o.name;
        exe = o.exe;
        args = o.args;
        cwd = o.cwd;
        ppid = o.ppid;
        uid = o.uid;
        gid = o.gid;
        startTs = o.startTs;
        vmSizeKb = o.vmSizeKb;
        vmRssKb = o.vmRssKb;
        fdLimit = o.fdLimit;
        exitCode = o.exitCode;
        signal = o.signal;
        cpuUserNs = o.cpuUserNs;
        cpuSystemNs = o.cpuSystemNs;
        home = o.home;
        shell = o.shell;
        containerId = o.containerId;
        containerImage = o.containerImage;
        containerRuntime = o.containerRuntime;
        data = o.data;
        procName = o.procName;
        fdName = o.fdName;
        endsProcess = o.endsProcess;
        return this;
    }

    public Event copy() {
        return new Event().copyFrom(this);
    }

    /** The event tells the thread's CPU time. */
    public boolean hasCpuTime() {
        return cpuUserNs != UNSET;
    }

    /** The call did not succeed: it failed, or it never returned. */
    public boolean failed() {
        return errno != 0;
    }

    /** The call returned (so {@link #res} and {@link #errno} say how); synthetic events count as returned. */
    public boolean returned() {
        return errno != NO_EXIT;
    }

    /** Convenience for sources and tests: a fresh event of a kind for a thread. */
    public static Event of(EventKind kind, int pid, int tid) {
        Event e = new Event();
        e.kind = kind;
        e.pid = pid;
        e.tid = tid;
        return e;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Event)) {
            return false;
        }
        Event o = (Event) other;
        return num == o.num && ts == o.ts && latencyNs == o.latencyNs && cpu == o.cpu && pid == o.pid
                && tid == o.tid && vpid == o.vpid && vtid == o.vtid && kind == o.kind && res == o.res && errno == o.errno
                && fd == o.fd && fd2 == o.fd2 && flags == o.flags && mode == o.mode && targetPid == o.targetPid
                && Objects.equals(path, o.path) && fdType == o.fdType && sockFamily == o.sockFamily
                && Objects.equals(l4proto, o.l4proto) && Objects.equals(localIp, o.localIp)
                && localPort == o.localPort && Objects.equals(remoteIp, o.remoteIp)
                && remotePort == o.remotePort && isServer == o.isServer
                && Objects.equals(sockState, o.sockState) && Objects.equals(name, o.name)
                && Objects.equals(exe, o.exe) && Objects.equals(args, o.args) && Objects.equals(cwd, o.cwd)
                && ppid == o.ppid && uid == o.uid && gid == o.gid && startTs == o.startTs
                && vmSizeKb == o.vmSizeKb && vmRssKb == o.vmRssKb && fdLimit == o.fdLimit
                && exitCode == o.exitCode && signal == o.signal && Objects.equals(home, o.home)
                && cpuUserNs == o.cpuUserNs && cpuSystemNs == o.cpuSystemNs
                && Objects.equals(shell, o.shell) && Objects.equals(containerId, o.containerId)
                && Objects.equals(containerImage, o.containerImage) && Objects.equals(containerRuntime, o.containerRuntime)
                && Arrays.equals(data, o.data)
                && Objects.equals(procName, o.procName) && Objects.equals(fdName, o.fdName)
                && endsProcess == o.endsProcess;
    }

    @Override
    public int hashCode() {
        return Objects.hash(num, ts, pid, tid, kind, res, fd);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append('#').append(num).append(' ').append(kind).append(" pid=").append(pid).append(" tid=")
                .append(tid).append(" res=").append(res);
        if (errno != 0) {
            sb.append(" errno=").append(errno);
        }
        if (fd != NO_FD) {
            sb.append(" fd=").append(fd);
        }
        if (fd2 != NO_FD) {
            sb.append(" fd2=").append(fd2);
        }
        if (path != null) {
            sb.append(" path=").append(path);
        }
        if (fdType != null) {
            sb.append(" fdType=").append(fdType.sqlName());
        }
        if (localIp != null || remoteIp != null) {
            sb.append(' ').append(localIp).append(':').append(localPort).append("->").append(remoteIp)
                    .append(':').append(remotePort);
        }
        if (name != null) {
            sb.append(" name=").append(name);
        }
        if (args != null) {
            sb.append(" args=").append(args);
        }
        return sb.toString();
    }
}
