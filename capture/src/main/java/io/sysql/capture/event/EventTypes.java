package io.sysql.capture.event;

/**
 * The names of the event kinds code refers to, as {@link EventKinds} declares them (see there for what each
 * means). A system call is named as the kernel names it ({@code openat}, {@code write}).
 */
public final class EventTypes {
    private EventTypes() {
    }

    public static final String SNAP_PROCESS = EventKinds.SNAP_PROCESS.name();
    public static final String SNAP_THREAD = EventKinds.SNAP_THREAD.name();
    public static final String SNAP_FD = EventKinds.SNAP_FD.name();
    public static final String SNAP_USER = EventKinds.SNAP_USER.name();
    public static final String SNAP_GROUP = EventKinds.SNAP_GROUP.name();
    public static final String PROCEXIT = EventKinds.PROCEXIT.name();
    public static final String UNKNOWN = EventKinds.UNKNOWN.name();
    public static final String DROP = EventKinds.DROP.name();
    public static final String RESYNC = EventKinds.RESYNC.name();
    public static final String CAPTURE_END = EventKinds.CAPTURE_END.name();
    public static final String CONTAINER = EventKinds.CONTAINER.name();

    public static final String OPEN = EventKinds.OPEN.name();
    public static final String OPENAT = EventKinds.OPENAT.name();
    public static final String OPENAT2 = EventKinds.OPENAT2.name();
    public static final String CREAT = EventKinds.CREAT.name();
    public static final String CLOSE = EventKinds.CLOSE.name();
    public static final String CLOSE_RANGE = EventKinds.CLOSE_RANGE.name();
    public static final String DUP = EventKinds.DUP.name();
    public static final String DUP2 = EventKinds.DUP2.name();
    public static final String DUP3 = EventKinds.DUP3.name();
    public static final String FCNTL = EventKinds.FCNTL.name();
    public static final String PIPE = EventKinds.PIPE.name();
    public static final String PIPE2 = EventKinds.PIPE2.name();
    public static final String SOCKET = EventKinds.SOCKET.name();
    public static final String SOCKETPAIR = EventKinds.SOCKETPAIR.name();
    public static final String BIND = EventKinds.BIND.name();
    public static final String LISTEN = EventKinds.LISTEN.name();
    public static final String CONNECT = EventKinds.CONNECT.name();
    public static final String ACCEPT = EventKinds.ACCEPT.name();
    public static final String ACCEPT4 = EventKinds.ACCEPT4.name();
    public static final String SHUTDOWN = EventKinds.SHUTDOWN.name();
    public static final String EVENTFD = EventKinds.EVENTFD.name();
    public static final String EVENTFD2 = EventKinds.EVENTFD2.name();
    public static final String SIGNALFD = EventKinds.SIGNALFD.name();
    public static final String SIGNALFD4 = EventKinds.SIGNALFD4.name();
    public static final String TIMERFD_CREATE = EventKinds.TIMERFD_CREATE.name();
    public static final String INOTIFY_INIT = EventKinds.INOTIFY_INIT.name();
    public static final String INOTIFY_INIT1 = EventKinds.INOTIFY_INIT1.name();
    public static final String EPOLL_CREATE = EventKinds.EPOLL_CREATE.name();
    public static final String EPOLL_CREATE1 = EventKinds.EPOLL_CREATE1.name();
    public static final String MEMFD_CREATE = EventKinds.MEMFD_CREATE.name();
    public static final String PIDFD_OPEN = EventKinds.PIDFD_OPEN.name();
    public static final String CLONE = EventKinds.CLONE.name();
    public static final String CLONE3 = EventKinds.CLONE3.name();
    public static final String FORK = EventKinds.FORK.name();
    public static final String VFORK = EventKinds.VFORK.name();
    public static final String EXECVE = EventKinds.EXECVE.name();
    public static final String EXECVEAT = EventKinds.EXECVEAT.name();
    public static final String EXIT = EventKinds.EXIT.name();
    public static final String EXIT_GROUP = EventKinds.EXIT_GROUP.name();
    public static final String CHDIR = EventKinds.CHDIR.name();
    public static final String FCHDIR = EventKinds.FCHDIR.name();
    public static final String SETUID = EventKinds.SETUID.name();
    public static final String SETGID = EventKinds.SETGID.name();
    public static final String SETREUID = EventKinds.SETREUID.name();
    public static final String SETREGID = EventKinds.SETREGID.name();
    public static final String SETRESUID = EventKinds.SETRESUID.name();
    public static final String SETRESGID = EventKinds.SETRESGID.name();

    public static final String READ = EventKinds.READ.name();
    public static final String WRITE = EventKinds.WRITE.name();

    /** Default number of data bytes kept per event, as sysdig's default snaplen. */
    public static final int DEFAULT_SNAPLEN = 80;
}
