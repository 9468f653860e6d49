package io.sysql.capture.event;

import static io.sysql.capture.event.EventKind.Arg.*;

import io.sysql.capture.event.EventKind.Arg;
import io.sysql.capture.event.EventKind.Category;
import io.sysql.capture.event.EventKind.Effect;
import io.sysql.capture.event.EventKind.KernelRead;
import io.sysql.capture.event.EventKind.Shape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The table of event kinds: one row per system call or synthetic event sysql knows (as libsinsp's
 * {@code driver/event_table.c} is for its events). The sources decode through it, the journal codes types
 * by it and the state machine finds each kind's effect in it; adding a call is adding its row (and its
 * effect's handler, if it has a new kind of effect).
 *
 * <p>Rows are declared in journal-code order: a row's position is its code in every journal written since
 * format 1, so rows are only ever appended to the coded list. Calls declared after {@link #CODED} (and
 * every x86_64 call without a row of its own) are stored by name.
 */
public final class EventKinds {
    private EventKinds() {
    }

    /**
     * x86_64 system call names by number ({@code -} for none): 0-450 are Linux 6.1's
     * {@code asm/unistd_64.h}, 451-469 were added up to 6.18. The numbers are the ABI and never change.
     */
    private static final String X86_64 =
            "read write open close stat fstat lstat poll lseek mmap mprotect munmap brk rt_sigaction "
            + "rt_sigprocmask rt_sigreturn ioctl pread64 pwrite64 readv writev access pipe select sched_yield "
            + "mremap msync mincore madvise shmget shmat shmctl dup dup2 pause nanosleep getitimer alarm "
            + "setitimer getpid sendfile socket connect accept sendto recvfrom sendmsg recvmsg shutdown bind "
            + "listen getsockname getpeername socketpair setsockopt getsockopt clone fork vfork execve exit "
            + "wait4 kill uname semget semop semctl shmdt msgget msgsnd msgrcv msgctl fcntl flock fsync "
            + "fdatasync truncate ftruncate getdents getcwd chdir fchdir rename mkdir rmdir creat link unlink "
            + "symlink readlink chmod fchmod chown fchown lchown umask gettimeofday getrlimit getrusage sysinfo "
            + "times ptrace getuid syslog getgid setuid setgid geteuid getegid setpgid getppid getpgrp setsid "
            + "setreuid setregid getgroups setgroups setresuid getresuid setresgid getresgid getpgid setfsuid "
            + "setfsgid getsid capget capset rt_sigpending rt_sigtimedwait rt_sigqueueinfo rt_sigsuspend "
            + "sigaltstack utime mknod uselib personality ustat statfs fstatfs sysfs getpriority setpriority "
            + "sched_setparam sched_getparam sched_setscheduler sched_getscheduler sched_get_priority_max "
            + "sched_get_priority_min sched_rr_get_interval mlock munlock mlockall munlockall vhangup "
            + "modify_ldt pivot_root _sysctl prctl arch_prctl adjtimex setrlimit chroot sync acct settimeofday "
            + "mount umount2 swapon swapoff reboot sethostname setdomainname iopl ioperm create_module "
            + "init_module delete_module get_kernel_syms query_module quotactl nfsservctl getpmsg putpmsg "
            + "afs_syscall tuxcall security gettid readahead setxattr lsetxattr fsetxattr getxattr lgetxattr "
            + "fgetxattr listxattr llistxattr flistxattr removexattr lremovexattr fremovexattr tkill time futex "
            + "sched_setaffinity sched_getaffinity set_thread_area io_setup io_destroy io_getevents io_submit "
            + "io_cancel get_thread_area lookup_dcookie epoll_create epoll_ctl_old epoll_wait_old "
            + "remap_file_pages getdents64 set_tid_address restart_syscall semtimedop fadvise64 timer_create "
            + "timer_settime timer_gettime timer_getoverrun timer_delete clock_settime clock_gettime "
            + "clock_getres clock_nanosleep exit_group epoll_wait epoll_ctl tgkill utimes vserver mbind "
            + "set_mempolicy get_mempolicy mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify "
            + "mq_getsetattr kexec_load waitid add_key request_key keyctl ioprio_set ioprio_get inotify_init "
            + "inotify_add_watch inotify_rm_watch migrate_pages openat mkdirat mknodat fchownat futimesat "
            + "newfstatat unlinkat renameat linkat symlinkat readlinkat fchmodat faccessat pselect6 ppoll "
            + "unshare set_robust_list get_robust_list splice tee sync_file_range vmsplice move_pages utimensat "
            + "epoll_pwait signalfd timerfd_create eventfd fallocate timerfd_settime timerfd_gettime accept4 "
            + "signalfd4 eventfd2 epoll_create1 dup3 pipe2 inotify_init1 preadv pwritev rt_tgsigqueueinfo "
            + "perf_event_open recvmmsg fanotify_init fanotify_mark prlimit64 name_to_handle_at "
            + "open_by_handle_at clock_adjtime syncfs sendmmsg setns getcpu process_vm_readv process_vm_writev "
            + "kcmp finit_module sched_setattr sched_getattr renameat2 seccomp getrandom memfd_create "
            + "kexec_file_load bpf execveat userfaultfd membarrier mlock2 copy_file_range preadv2 pwritev2 "
            + "pkey_mprotect pkey_alloc pkey_free statx io_pgetevents rseq - - - - - - - - - - - - - - - - - - "
            + "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - "
            + "- - - - - - - - - - - - - - - - - - - - - - - pidfd_send_signal io_uring_setup io_uring_enter "
            + "io_uring_register open_tree move_mount fsopen fsconfig fsmount fspick pidfd_open clone3 "
            + "close_range openat2 pidfd_getfd faccessat2 process_madvise epoll_pwait2 mount_setattr "
            + "quotactl_fd landlock_create_ruleset landlock_add_rule landlock_restrict_self memfd_secret "
            + "process_mrelease futex_waitv set_mempolicy_home_node cachestat fchmodat2 map_shadow_stack "
            + "futex_wake futex_wait futex_requeue statmount listmount lsm_get_self_attr lsm_set_self_attr "
            + "lsm_list_modules mseal setxattrat getxattrat listxattrat removexattrat open_tree_attr "
            + "file_getattr file_setattr";

    private static final List<EventKind> BY_CODE = new ArrayList<>();
    private static final Map<String, EventKind> BY_NAME = new ConcurrentHashMap<>();
    private static boolean coding = true;
    private static final EventKind[] X86_BY_NUMBER = new EventKind[X86_64.split(" ").length];

    // ---------------------------------------------------------------- coded kinds (only append)

    /** One process of the initial snapshot: pid, ppid, name, exe, args, cwd, ids, start, memory, fd limit. */
    public static final EventKind SNAP_PROCESS = synthetic("snap_process", Category.SNAPSHOT, Effect.SNAP_PROCESS);
    /** One thread of the initial snapshot (tid, pid, name). */
    public static final EventKind SNAP_THREAD = synthetic("snap_thread", Category.SNAPSHOT, Effect.SNAP_THREAD);
    /** One open fd of the initial snapshot: fd, fdType, path or endpoints, flags. */
    public static final EventKind SNAP_FD = synthetic("snap_fd", Category.SNAPSHOT, Effect.SNAP_FD);
    /** One entry of /etc/passwd at capture start: uid, gid, name, home, shell. */
    public static final EventKind SNAP_USER = synthetic("snap_user", Category.SNAPSHOT, Effect.SNAP_USER);
    /** One entry of /etc/group at capture start: gid, name. */
    public static final EventKind SNAP_GROUP = synthetic("snap_group", Category.SNAPSHOT, Effect.SNAP_GROUP);
    /** A thread died: exitCode, or signal if killed. The process dies with its last thread. */
    public static final EventKind PROCEXIT = synthetic("procexit", Category.PROCESS, Effect.PROCEXIT);
    /** A record the source could not decode; {@code args} holds its raw text. */
    public static final EventKind UNKNOWN = synthetic("unknown", Category.META, Effect.NONE);
    /** The kernel or the recorder lost events here; {@code res} holds how many. */
    public static final EventKind DROP = synthetic("drop", Category.META, Effect.DROP);

    public static final EventKind OPEN = call("open", Category.FILE).effect(Effect.OPEN_FILE).shape(Shape.OPEN)
            .args(PATH, FLAGS, MODE).creates(FdType.FILE).kernel(KernelRead.OPEN);
    public static final EventKind OPENAT = call("openat", Category.FILE).effect(Effect.OPEN_FILE).shape(Shape.OPEN)
            .args(DIRFD, PATH, FLAGS, MODE).creates(FdType.FILE).kernel(KernelRead.OPENAT);
    public static final EventKind OPENAT2 = call("openat2", Category.FILE).effect(Effect.OPEN_FILE)
            .shape(Shape.OPEN).args(DIRFD, PATH, HOW).creates(FdType.FILE).kernel(KernelRead.OPENAT2);
    public static final EventKind CREAT = call("creat", Category.FILE).effect(Effect.OPEN_FILE).shape(Shape.OPEN)
            .args(PATH, MODE).implies(Linux.O_CREAT | Linux.O_WRONLY | Linux.O_TRUNC).creates(FdType.FILE)
            .kernel(KernelRead.OPEN);
    public static final EventKind CLOSE = call("close", Category.FILE).effect(Effect.CLOSE).shape(Shape.FD).args(FD)
            .kernel(KernelRead.PLAIN);
    public static final EventKind CLOSE_RANGE = call("close_range", Category.FILE).effect(Effect.CLOSE_RANGE)
            .shape(Shape.CLOSE_RANGE).args(FD, FD2, FLAGS).kernel(KernelRead.PLAIN);
    public static final EventKind DUP = call("dup", Category.FILE).effect(Effect.DUP).shape(Shape.DUP).args(FD)
            .kernel(KernelRead.PLAIN);
    public static final EventKind DUP2 = call("dup2", Category.FILE).effect(Effect.DUP).shape(Shape.DUP)
            .args(FD, FD2).kernel(KernelRead.PLAIN);
    public static final EventKind DUP3 = call("dup3", Category.FILE).effect(Effect.DUP).shape(Shape.DUP)
            .args(FD, FD2, FLAGS).kernel(KernelRead.PLAIN);
    public static final EventKind FCNTL = call("fcntl", Category.FILE).effect(Effect.FCNTL).shape(Shape.FCNTL)
            .args(FD, FLAGS, MODE).kernel(KernelRead.PLAIN);
    public static final EventKind PIPE = call("pipe", Category.IPC).effect(Effect.PIPE).shape(Shape.PIPE)
            .args(FD_PAIR).creates(FdType.PIPE).kernel(KernelRead.FD_PAIR0);
    public static final EventKind PIPE2 = call("pipe2", Category.IPC).effect(Effect.PIPE).shape(Shape.PIPE)
            .args(FD_PAIR, FLAGS).creates(FdType.PIPE).kernel(KernelRead.FD_PAIR0);
    public static final EventKind SOCKET = call("socket", Category.NET).effect(Effect.SOCKET).shape(Shape.SOCKET)
            .args(DOMAIN, SOCK_TYPE, PROTOCOL).kernel(KernelRead.NEW_SOCK);
    public static final EventKind SOCKETPAIR = call("socketpair", Category.NET).effect(Effect.SOCKETPAIR)
            .shape(Shape.SOCKETPAIR).args(DOMAIN, SOCK_TYPE, PROTOCOL, FD_PAIR).kernel(KernelRead.FD_PAIR3);
    public static final EventKind BIND = call("bind", Category.NET).effect(Effect.BIND_OR_CONNECT).shape(Shape.BIND)
            .args(FD, LOCAL_ADDR, OTHER).kernel(KernelRead.SOCK_ADDR);
    public static final EventKind LISTEN = call("listen", Category.NET).effect(Effect.LISTEN).shape(Shape.LISTEN)
            .args(FD, OTHER).kernel(KernelRead.SOCK);
    public static final EventKind CONNECT = call("connect", Category.NET).effect(Effect.BIND_OR_CONNECT)
            .shape(Shape.CONNECT).args(FD, REMOTE_ADDR, OTHER).kernel(KernelRead.SOCK_ADDR);
    public static final EventKind ACCEPT = call("accept", Category.NET).effect(Effect.ACCEPT).shape(Shape.ACCEPT)
            .args(FD, REMOTE_ADDR, OTHER).kernel(KernelRead.ACCEPT);
    public static final EventKind ACCEPT4 = call("accept4", Category.NET).effect(Effect.ACCEPT).shape(Shape.ACCEPT)
            .args(FD, REMOTE_ADDR, OTHER, FLAGS).kernel(KernelRead.ACCEPT);
    public static final EventKind SHUTDOWN = call("shutdown", Category.NET).effect(Effect.SHUTDOWN).shape(Shape.FD).args(FD, FLAGS)
            .kernel(KernelRead.SOCK);
    public static final EventKind EVENTFD = newFd("eventfd", Category.IPC, FdType.EVENT).args(OTHER);
    public static final EventKind EVENTFD2 = newFd("eventfd2", Category.IPC, FdType.EVENT).args(OTHER, FLAGS);
    public static final EventKind SIGNALFD = newFd("signalfd", Category.SIGNAL, FdType.SIGNALFD)
            .args(FD, OTHER, OTHER);
    public static final EventKind SIGNALFD4 = newFd("signalfd4", Category.SIGNAL, FdType.SIGNALFD)
            .args(FD, OTHER, OTHER, FLAGS);
    public static final EventKind TIMERFD_CREATE = newFd("timerfd_create", Category.TIME, FdType.TIMERFD)
            .args(OTHER, FLAGS);
    public static final EventKind INOTIFY_INIT = newFd("inotify_init", Category.FILE, FdType.INOTIFY).args();
    public static final EventKind INOTIFY_INIT1 = newFd("inotify_init1", Category.FILE, FdType.INOTIFY).args(FLAGS);
    public static final EventKind EPOLL_CREATE = newFd("epoll_create", Category.FILE, FdType.EVENTPOLL).args(OTHER);
    public static final EventKind EPOLL_CREATE1 = newFd("epoll_create1", Category.FILE, FdType.EVENTPOLL)
            .args(FLAGS);
    public static final EventKind MEMFD_CREATE = newFd("memfd_create", Category.MEMORY, FdType.MEMFD)
            .args(PATH, FLAGS).kernel(KernelRead.PATH);
    public static final EventKind PIDFD_OPEN = newFd("pidfd_open", Category.PROCESS, FdType.PIDFD)
            .args(PID, FLAGS);
    public static final EventKind CLONE = call("clone", Category.PROCESS).effect(Effect.CLONE).shape(Shape.CLONE)
            .args(CLONE_FLAGS, OTHER, OTHER, OTHER, OTHER).kernel(KernelRead.CLONE);
    public static final EventKind CLONE3 = call("clone3", Category.PROCESS).effect(Effect.CLONE)
            .shape(Shape.CLONE).args(OTHER, OTHER).kernel(KernelRead.CLONE);
    public static final EventKind FORK = call("fork", Category.PROCESS).effect(Effect.CLONE).shape(Shape.CLONE)
            .args().kernel(KernelRead.CLONE);
    public static final EventKind VFORK = call("vfork", Category.PROCESS).effect(Effect.CLONE).shape(Shape.CLONE)
            .args().implies(Linux.CLONE_VM | Linux.CLONE_VFORK).kernel(KernelRead.CLONE);
    public static final EventKind EXECVE = call("execve", Category.PROCESS).effect(Effect.EXEC).shape(Shape.EXEC)
            .args(PATH, ARGV, OTHER).kernel(KernelRead.EXEC);
    public static final EventKind EXECVEAT = call("execveat", Category.PROCESS).effect(Effect.EXEC)
            .shape(Shape.EXEC).args(DIRFD, PATH, ARGV, OTHER, FLAGS).kernel(KernelRead.EXECAT);
    public static final EventKind EXIT = call("exit", Category.PROCESS).shape(Shape.EXIT).args(STATUS).entryOnly();
    public static final EventKind EXIT_GROUP = call("exit_group", Category.PROCESS).effect(Effect.EXIT_GROUP)
            .shape(Shape.EXIT).args(STATUS).entryOnly();
    public static final EventKind CHDIR = call("chdir", Category.FILE).effect(Effect.CHDIR).shape(Shape.CHDIR)
            .args(PATH).kernel(KernelRead.PATH);
    public static final EventKind FCHDIR = call("fchdir", Category.FILE).effect(Effect.CHDIR).shape(Shape.FCHDIR)
            .args(FD).kernel(KernelRead.PLAIN);
    public static final EventKind SETUID = setId("setuid", Shape.SET_UID, EUID);
    public static final EventKind SETGID = setId("setgid", Shape.SET_GID, EGID);
    public static final EventKind SETREUID = setId("setreuid", Shape.SET_UID, OTHER, EUID);
    public static final EventKind SETREGID = setId("setregid", Shape.SET_GID, OTHER, EGID);
    public static final EventKind SETRESUID = setId("setresuid", Shape.SET_UID, OTHER, EUID, OTHER);
    public static final EventKind SETRESGID = setId("setresgid", Shape.SET_GID, OTHER, EGID, OTHER);
    public static final EventKind READ = data("read", Category.FILE, KernelRead.DATA);
    public static final EventKind WRITE = data("write", Category.FILE, KernelRead.DATA);

    static {
        data("pread64", Category.FILE, KernelRead.DATA);
        data("pwrite64", Category.FILE, KernelRead.DATA);
        data("readv", Category.FILE, KernelRead.DATA_IOV);
        data("writev", Category.FILE, KernelRead.DATA_IOV);
        data("preadv", Category.FILE, KernelRead.DATA_IOV);
        data("pwritev", Category.FILE, KernelRead.DATA_IOV);
        data("preadv2", Category.FILE, KernelRead.DATA_IOV);
        data("pwritev2", Category.FILE, KernelRead.DATA_IOV);
        data("send", Category.NET, KernelRead.SKIP);
        data("sendto", Category.NET, KernelRead.SENDTO).args(FD, DATA, OTHER, OTHER, REMOTE_ADDR, OTHER);
        data("sendmsg", Category.NET, KernelRead.MSG).args(FD, DATA, OTHER);
        data("sendmmsg", Category.NET, KernelRead.MMSG).args(FD, DATA, OTHER, OTHER);
        data("recv", Category.NET, KernelRead.SKIP);
        data("recvfrom", Category.NET, KernelRead.RECVFROM).args(FD, DATA, OTHER, OTHER, REMOTE_ADDR, OTHER);
        data("recvmsg", Category.NET, KernelRead.MSG).args(FD, DATA, OTHER);
        data("recvmmsg", Category.NET, KernelRead.MMSG).args(FD, DATA, OTHER, OTHER, OTHER);
        calls(Category.FILE, "stat fstat lstat newfstatat statx access faccessat faccessat2");
        calls(Category.MEMORY, "mmap munmap mprotect brk");
        calls(Category.SIGNAL, "rt_sigaction rt_sigprocmask");
        calls(Category.FILE, "ioctl lseek getdents64 poll ppoll select pselect6 epoll_wait epoll_pwait epoll_ctl");
        calls(Category.IPC, "futex");
        calls(Category.TIME, "nanosleep clock_nanosleep");
        calls(Category.PROCESS, "wait4");
        calls(Category.SIGNAL, "kill tgkill");
        calls(Category.PROCESS, "getpid");
        call("getsockname", Category.NET).shape(Shape.FD).args(FD).kernel(KernelRead.SOCK);
        call("getpeername", Category.NET).effect(Effect.PEER_NAME).shape(Shape.FD).args(FD).kernel(KernelRead.SOCK);
        calls(Category.NET, "setsockopt getsockopt");
        calls(Category.FILE, "readlink readlinkat unlink unlinkat rename renameat renameat2 mkdir mkdirat rmdir getcwd");
        calls(Category.PROCESS, "prctl arch_prctl set_tid_address set_robust_list rseq prlimit64");
        calls(Category.OTHER, "getrandom sysinfo uname");
        calls(Category.SIGNAL, "signal");
        calls(Category.FILE, "sendfile splice ftruncate fsync fdatasync flock mount");
    }

    /**
     * The recording ended here (written once, last, by a completed capture): everything that died before
     * it is gone AS OF it, so the end state holds only what was still alive.
     */
    public static final EventKind CAPTURE_END = synthetic("capture_end", Category.META, Effect.NONE);

    // sysdig's bookkeeping events (a thread's CPU time, context switches): not calls a thread made, so, as in
    // libsinsp, they never create a process or thread they name
    /** A thread's CPU time as sysdig's driver read it (cpuUserNs, cpuSystemNs). */
    public static final EventKind PROCINFO = synthetic("procinfo", Category.META, Effect.CPU_TIME);

    static {
        synthetic("switch", Category.META, Effect.NONE);
    }

    /**
     * What is known of a container: containerId, name, containerImage, containerRuntime (sysdig's container
     * events; written with the /proc snapshot for each container its processes run in). Not a call either.
     */
    public static final EventKind CONTAINER = synthetic("container", Category.META, Effect.CONTAINER);

    static {
        synthetic("cpu_hotplug", Category.META, Effect.NONE);
        synthetic("sysdigevent", Category.META, Effect.NONE);
        calls(Category.TIME, "clock_gettime gettimeofday");
        calls(Category.PROCESS, "getuid geteuid getgid getegid getppid gettid sched_yield");
        calls(Category.MEMORY, "madvise mremap");
        calls(Category.FILE, "statfs fstatfs io_uring_enter epoll_pwait2");
        calls(Category.PROCESS, "sched_getaffinity restart_syscall");
    }

    /**
     * Ends a re-read of {@code /proc} after a {@link #DROP}: the snap_* events since that drop are the
     * whole truth, so every process, thread and fd they did not name is gone as of this event.
     */
    public static final EventKind RESYNC = synthetic("resync", Category.META, Effect.RESYNC);
    /** A copy of another process's fd (fd2 there), through a pidfd (fd) naming it: the copy is close-on-exec. */
    public static final EventKind PIDFD_GETFD = call("pidfd_getfd", Category.PROCESS).effect(Effect.COPY_FD)
            .shape(Shape.COPY_FD).args(FD, FD2, FLAGS).kernel(KernelRead.PLAIN);
    /**
     * A thread's CPU time (cpuUserNs, cpuSystemNs) as the recorder read it in /proc at an interval. Not a call:
     * it never creates the thread it names.
     */
    public static final EventKind CPU_SAMPLE = synthetic("cpu_sample", Category.META, Effect.CPU_TIME);

    /** The number of coded kinds: journals of this format hold codes 1 to CODED - 1. */
    public static final int CODED;

    // ---------------------------------------------------------------- kinds stored by name

    static {
        CODED = BY_CODE.size();
        coding = false;
        // scap's machine-level events (users and groups added or deleted, orchestrator metadata, plugins)
        for (String meta : "useradded userdeleted groupadded groupdeleted k8s mesos notification infra tracer"
                .concat(" pluginevent asyncevent").split(" ")) {
            synthetic(meta, Category.META, Effect.NONE);
        }
        // calls that create an fd of a kind sysql has no name for: the eBPF program records their result
        for (String name : ("perf_event_open fanotify_init open_by_handle_at bpf userfaultfd io_uring_setup mq_open"
                + " open_tree fsopen fsmount fspick landlock_create_ruleset memfd_secret open_tree_attr").split(" ")) {
            call(name, Category.FILE).creates(FdType.OTHER).kernel(KernelRead.PLAIN);
        }
        BY_NAME.get("open_by_handle_at").shape(Shape.OPEN); // scap's events name the file opened
        for (String name : "tee copy_file_range setfsuid setfsgid unshare setns".split(" ")) {
            call(name, Category.OTHER).kernel(KernelRead.PLAIN);
        }
        for (String name : "sendfile splice prctl kill tgkill".split(" ")) {
            BY_NAME.get(name).kernel(KernelRead.PLAIN);
        }
        call("rt_sigreturn", Category.SIGNAL).args().entryOnly().kernel(KernelRead.PLAIN);
        call("sigreturn", Category.SIGNAL).args().entryOnly();
        String[] x86 = X86_64.split(" ");
        for (int nr = 0; nr < x86.length; nr++) {
            if (!x86[nr].equals("-")) {
                EventKind k = BY_NAME.computeIfAbsent(x86[nr], n -> new EventKind(n, Category.OTHER, true));
                k.x86Number = nr;
                X86_BY_NUMBER[nr] = k;
            }
        }
    }

    // ---------------------------------------------------------------- look-ups

    /**
     * The table's rows by their name's hash, one per slot, filled once: every source names events by these
     * very strings, so most look-ups (several per event written) end at one array read and an identity test.
     */
    private static final EventKind[] BY_NAME_HASH = new EventKind[4096];

    static {
        for (EventKind k : BY_NAME.values()) {
            int slot = k.name().hashCode() & (BY_NAME_HASH.length - 1);
            if (BY_NAME_HASH[slot] == null) {
                BY_NAME_HASH[slot] = k;
            }
        }
    }

    /** The row of a kind by name; a name the table lacks gets a row of its own: a call with no effect. */
    public static EventKind of(String name) {
        EventKind known = BY_NAME_HASH[name.hashCode() & (BY_NAME_HASH.length - 1)];
        if (known != null && known.name() == name) {
            return known;
        }
        EventKind k = BY_NAME.get(name);
        return k != null ? k : BY_NAME.computeIfAbsent(name, n -> new EventKind(n, Category.OTHER, true));
    }

    /** The row of a journal code, or null when this table has no such code. */
    public static EventKind ofCode(int code) {
        return code > 0 && code < BY_CODE.size() ? BY_CODE.get(code) : null;
    }

    /** The x86_64 call of this number; {@code syscall_<nr>} for a number this table does not know. */
    public static EventKind ofX86(int nr) {
        EventKind k = nr >= 0 && nr < X86_BY_NUMBER.length ? X86_BY_NUMBER[nr] : null;
        return k != null ? k : of("syscall_" + nr);
    }

    /** Every row of the table (and every kind made for a name it lacked). */
    public static Collection<EventKind> all() {
        return Collections.unmodifiableCollection(BY_NAME.values());
    }

    // ---------------------------------------------------------------- the rows' makers

    private static EventKind add(EventKind k) {
        if (BY_NAME.putIfAbsent(k.name(), k) != null) {
            throw new IllegalStateException("two rows named " + k.name());
        }
        if (coding) {
            if (BY_CODE.isEmpty()) {
                BY_CODE.add(null); // code 0: the name follows in the journal
            }
            k.journalCode = BY_CODE.size();
            BY_CODE.add(k);
        }
        return k;
    }

    private static EventKind synthetic(String name, Category category, Effect effect) {
        return add(new EventKind(name, category, false)).effect(effect);
    }

    private static EventKind call(String name, Category category) {
        return add(new EventKind(name, category, true));
    }

    private static void calls(Category category, String names) {
        for (String name : names.split(" ")) {
            call(name, category);
        }
    }

    private static EventKind newFd(String name, Category category, FdType type) {
        return call(name, category).effect(Effect.NEW_FD).shape(Shape.NEW_FD).creates(type).kernel(KernelRead.PLAIN);
    }

    private static EventKind setId(String name, Shape shape, Arg... roles) {
        return call(name, Category.PROCESS).effect(Effect.SET_IDS).shape(shape).args(roles).kernel(KernelRead.CRED);
    }

    private static EventKind data(String name, Category category, KernelRead read) {
        return call(name, category).data().args(FD, DATA, OTHER).kernel(read);
    }
}
