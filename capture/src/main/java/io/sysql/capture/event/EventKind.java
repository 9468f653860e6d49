package io.sysql.capture.event;

import java.util.Arrays;

/**
 * One row of the table of event kinds ({@link EventKinds}): a system call or a synthetic event, with what
 * every part of sysql needs to know of it: its name, what it is about, what it does to the state, how each
 * source reads its arguments, and its code in the journal. Rows are made once, by the table.
 */
public final class EventKind {

    /** What an event is about. */
    public enum Category {
        FILE, NET, PROCESS, IPC, MEMORY, SIGNAL, TIME, OTHER,
        /** The state when the capture began (the /proc snapshot or a scap file's lists). */
        SNAPSHOT,
        /** Facts about the capture or the machine, not calls made by a thread (drops, context switches...). */
        META
    }

    /** What a successful event does to processes, threads and fds; the state machine has one handler per value. */
    public enum Effect {
        NONE, OPEN_FILE, CLOSE, CLOSE_RANGE, DUP, FCNTL, PIPE, SOCKETPAIR, SOCKET, BIND_OR_CONNECT, LISTEN,
        SHUTDOWN, PEER_NAME, ACCEPT, NEW_FD, COPY_FD, CLONE, EXEC, EXIT_GROUP, CHDIR, SET_IDS, PROCEXIT, SNAP_USER, SNAP_GROUP,
        SNAP_PROCESS, SNAP_THREAD, SNAP_FD, DROP, RESYNC, CONTAINER,
        /** The thread's CPU time is the event's. */
        CPU_TIME
    }

    /**
     * How a call's arguments become an event's fields, for the sources that decode by kind (scap, strace);
     * where the arguments are depends on the call and is in its {@link Arg roles}.
     */
    public enum Shape {
        /** Nothing beyond the result (and the fd a first fd argument names). */
        PLAIN, OPEN, FD, CLOSE_RANGE, DUP, FCNTL, PIPE, SOCKET, SOCKETPAIR, BIND, CONNECT, LISTEN, ACCEPT, NEW_FD,
        COPY_FD, CLONE, EXEC, CHDIR, FCHDIR, SET_UID, SET_GID, EXIT, DATA
    }

    /** What an argument of a call is, by position (the x86_64 system call ABI's order). */
    public enum Arg {
        /** An argument sysql does not read. */
        OTHER,
        FD, FD2, DIRFD, PATH, FLAGS, MODE, FD_PAIR, DOMAIN, SOCK_TYPE, PROTOCOL, LOCAL_ADDR, REMOTE_ADDR,
        CLONE_FLAGS, ARGV, EUID, EGID, STATUS, DATA,
        /** A process id the call acts on (pidfd_open's). */
        PID,
        /** openat2's struct open_how (flags and mode). */
        HOW
    }

    /**
     * What the eBPF program reads in the kernel at a call's exit; the values are sysql.bpf.c's ACT_ enum in
     * order, and the recorder writes each row's into the program's table before load.
     */
    public enum KernelRead {
        SKIP, PLAIN, CLONE, FD_PAIR0, FD_PAIR3, NEW_SOCK, SOCK, CRED, EXEC, EXECAT, OPEN, OPENAT, OPENAT2, PATH,
        SOCK_ADDR, ACCEPT, DATA, DATA_IOV, SENDTO, RECVFROM, MSG, MMSG
    }

    private static final Arg[] UNREAD = null;

    private final String name;
    private final Category category;
    private final boolean call;
    int journalCode;
    int x86Number = -1;
    Effect effect = Effect.NONE;
    Shape shape = Shape.PLAIN;
    Arg[] args = UNREAD;
    FdType creates;
    long impliedFlags;
    KernelRead kernelRead = KernelRead.SKIP;
    boolean movesData;
    boolean entryOnly;

    EventKind(String name, Category category, boolean call) {
        this.name = name.intern();
        this.category = category;
        this.call = call;
    }

    /** The name users see as {@code events.type}: the kernel's for a call, sysql's for a synthetic event. */
    public String name() {
        return name;
    }

    public Category category() {
        return category;
    }

    /** A call a thread made (so the thread exists), as opposed to a snapshot or bookkeeping event. */
    public boolean isCall() {
        return call;
    }

    public boolean isSnapshot() {
        return category == Category.SNAPSHOT;
    }

    public Effect effect() {
        return effect;
    }

    public Shape shape() {
        return shape;
    }

    /** The call moves data; its events carry the first bytes of it in {@link Event#data}. */
    public boolean movesData() {
        return movesData;
    }

    /** The call never returns when it succeeds (exit, exit_group, rt_sigreturn...): it has no result. */
    public boolean isEntryOnly() {
        return entryOnly;
    }

    /** The kind of fd a successful call creates, when the call says (null: none, or the fd's own kind). */
    public FdType creates() {
        return creates;
    }

    /** Flags the call implies without taking them (creat's O_CREAT|O_WRONLY|O_TRUNC, vfork's CLONE_VFORK). */
    public long impliedFlags() {
        return impliedFlags;
    }

    /** The stable code of this kind in journals; 0 for kinds stored by name. */
    public int journalCode() {
        return journalCode;
    }

    /** The call's x86_64 number; -1 when it has none (a synthetic event, or a call of other architectures). */
    public int x86Number() {
        return x86Number;
    }

    public KernelRead kernelRead() {
        return kernelRead;
    }

    /** Whether sysql knows the call's arguments (else sources keep them raw). */
    public boolean hasArgs() {
        return args != UNREAD;
    }

    /** The role of argument {@code i}; {@link Arg#OTHER} when not read or beyond the call's arguments. */
    public Arg arg(int i) {
        return args == UNREAD || i >= args.length ? Arg.OTHER : args[i];
    }

    public int argCount() {
        return args == UNREAD ? 0 : args.length;
    }

    /** The position of the argument with this role; -1 when the call has none. */
    public int argIndex(Arg role) {
        if (args != UNREAD) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == role) {
                    return i;
                }
            }
        }
        return -1;
    }

    // --- the table's builder steps (used while EventKinds declares its rows)

    EventKind effect(Effect value) {
        effect = value;
        return this;
    }

    EventKind shape(Shape value) {
        shape = value;
        return this;
    }

    EventKind args(Arg... roles) {
        args = Arrays.copyOf(roles, roles.length);
        return this;
    }

    EventKind creates(FdType type) {
        creates = type;
        return this;
    }

    EventKind implies(long flags) {
        impliedFlags = flags;
        return this;
    }

    EventKind kernel(KernelRead read) {
        kernelRead = read;
        return this;
    }

    EventKind data() {
        movesData = true;
        shape = Shape.DATA;
        return this;
    }

    EventKind entryOnly() {
        entryOnly = true;
        return this;
    }

    @Override
    public String toString() {
        return name;
    }
}
