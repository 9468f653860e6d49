package io.sysql.capture.event;

import java.util.Set;

/**
 * Names of the event types every source agrees on. A system call is named as the kernel names it
 * ({@code openat}, {@code write}); types no source decodes keep their own name. The synthetic events
 * below carry the {@code /proc} snapshot and process deaths.
 */
public final class EventTypes {
    private EventTypes() {
    }

    /** One process of the initial snapshot: pid, ppid, name, exe, args, cwd, ids, start, memory, fd limit. */
    public static final String SNAP_PROCESS = "snap_process";
    /** One thread of the initial snapshot (tid, pid, name). */
    public static final String SNAP_THREAD = "snap_thread";
    /** One open fd of the initial snapshot: fd, fdType, path or endpoints, flags. */
    public static final String SNAP_FD = "snap_fd";
    /** One entry of /etc/passwd at capture start: uid, gid, name, home, shell. */
    public static final String SNAP_USER = "snap_user";
    /** One entry of /etc/group at capture start: gid, name. */
    public static final String SNAP_GROUP = "snap_group";
    /** A thread died: exitCode, or signal if killed. The process dies with its last thread. */
    public static final String PROCEXIT = "procexit";
    /** A record the source could not decode; {@code args} holds its raw text. */
    public static final String UNKNOWN = "unknown";
    /** The kernel or the recorder lost events here; {@code res} holds how many. */
    public static final String DROP = "drop";
    /**
     * Ends a re-read of {@code /proc} after a {@link #DROP}: the snap_* events since that drop are the
     * whole truth, so every process, thread and fd they did not name is gone as of this event.
     */
    public static final String RESYNC = "resync";
    /**
     * The recording ended here (written once, last, by a completed capture): everything that died before
     * it is gone AS OF it, so the end state holds only what was still alive.
     */
    public static final String CAPTURE_END = "capture_end";

    public static final String OPEN = "open";
    public static final String OPENAT = "openat";
    public static final String OPENAT2 = "openat2";
    public static final String CREAT = "creat";
    public static final String CLOSE = "close";
    public static final String CLOSE_RANGE = "close_range";
    public static final String DUP = "dup";
    public static final String DUP2 = "dup2";
    public static final String DUP3 = "dup3";
    public static final String FCNTL = "fcntl";
    public static final String PIPE = "pipe";
    public static final String PIPE2 = "pipe2";
    public static final String SOCKET = "socket";
    public static final String SOCKETPAIR = "socketpair";
    public static final String BIND = "bind";
    public static final String LISTEN = "listen";
    public static final String CONNECT = "connect";
    public static final String ACCEPT = "accept";
    public static final String ACCEPT4 = "accept4";
    public static final String SHUTDOWN = "shutdown";
    public static final String EVENTFD = "eventfd";
    public static final String EVENTFD2 = "eventfd2";
    public static final String SIGNALFD = "signalfd";
    public static final String SIGNALFD4 = "signalfd4";
    public static final String TIMERFD_CREATE = "timerfd_create";
    public static final String INOTIFY_INIT = "inotify_init";
    public static final String INOTIFY_INIT1 = "inotify_init1";
    public static final String EPOLL_CREATE = "epoll_create";
    public static final String EPOLL_CREATE1 = "epoll_create1";
    public static final String MEMFD_CREATE = "memfd_create";
    public static final String PIDFD_OPEN = "pidfd_open";
    public static final String CLONE = "clone";
    public static final String CLONE3 = "clone3";
    public static final String FORK = "fork";
    public static final String VFORK = "vfork";
    public static final String EXECVE = "execve";
    public static final String EXECVEAT = "execveat";
    public static final String EXIT = "exit";
    public static final String EXIT_GROUP = "exit_group";
    public static final String CHDIR = "chdir";
    public static final String FCHDIR = "fchdir";
    public static final String SETUID = "setuid";
    public static final String SETGID = "setgid";
    public static final String SETREUID = "setreuid";
    public static final String SETREGID = "setregid";
    public static final String SETRESUID = "setresuid";
    public static final String SETRESGID = "setresgid";

    public static final String READ = "read";
    public static final String WRITE = "write";

    /** Calls that move data; their events carry the first bytes of it in {@link Event#data}. */
    public static final Set<String> DATA_MOVING = Set.of(
            "read", "write", "pread64", "pwrite64", "readv", "writev", "preadv", "pwritev", "preadv2",
            "pwritev2", "send", "sendto", "sendmsg", "sendmmsg", "recv", "recvfrom", "recvmsg", "recvmmsg");

    /** Default number of data bytes kept per event, as sysdig's default snaplen. */
    public static final int DEFAULT_SNAPLEN = 80;
}
