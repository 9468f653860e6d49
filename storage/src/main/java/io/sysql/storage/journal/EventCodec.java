package io.sysql.storage.journal;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventTypes;
import io.sysql.capture.event.FdType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary layout of one event in the journal: a fixed head (num, ts, latency, pid, tid, cpu, type,
 * res, errno) in stop-bit encoding, then a bit mask of the optional fields present and those fields.
 * Strings are a stop-bit length and UTF-8 bytes, encoded by the JDK (whose ASCII path is a copy) rather
 * than by Chronicle's {@code writeUtf8}, which reads each String's coder by reflection; the record is
 * built in a {@link RecordBuffer}. Changing the layout means a new {@link #FORMAT_VERSION}; 2 added type
 * codes to those of 1 and made negative stop-bit numbers plain unsigned varints.
 */
public final class EventCodec {
    public static final int FORMAT_VERSION = 2;

    /** Type codes, stable across releases: only ever append. Code 0 means "name follows". */
    private static final List<String> TYPE_CODES = List.of("",
            EventTypes.SNAP_PROCESS, EventTypes.SNAP_THREAD, EventTypes.SNAP_FD, EventTypes.SNAP_USER,
            EventTypes.SNAP_GROUP, EventTypes.PROCEXIT, EventTypes.UNKNOWN, EventTypes.DROP,
            "open", "openat", "openat2", "creat", "close", "close_range", "dup", "dup2", "dup3", "fcntl", "pipe",
            "pipe2", "socket", "socketpair", "bind", "listen", "connect", "accept", "accept4", "shutdown",
            "eventfd", "eventfd2", "signalfd", "signalfd4", "timerfd_create", "inotify_init", "inotify_init1",
            "epoll_create", "epoll_create1", "memfd_create", "pidfd_open", "clone", "clone3", "fork", "vfork",
            "execve", "execveat", "exit", "exit_group", "chdir", "fchdir", "setuid", "setgid", "setreuid",
            "setregid", "setresuid", "setresgid", "read", "write", "pread64", "pwrite64", "readv", "writev",
            "preadv", "pwritev", "preadv2", "pwritev2", "send", "sendto", "sendmsg", "sendmmsg", "recv",
            "recvfrom", "recvmsg", "recvmmsg", "stat", "fstat", "lstat", "newfstatat", "statx", "access",
            "faccessat", "faccessat2", "mmap", "munmap", "mprotect", "brk", "rt_sigaction", "rt_sigprocmask",
            "ioctl", "lseek", "getdents64", "poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait",
            "epoll_ctl", "futex", "nanosleep", "clock_nanosleep", "wait4", "kill", "tgkill", "getpid",
            "getsockname", "getpeername", "setsockopt", "getsockopt", "readlink", "readlinkat", "unlink",
            "unlinkat", "rename", "renameat", "renameat2", "mkdir", "mkdirat", "rmdir", "getcwd", "prctl",
            "arch_prctl", "set_tid_address", "set_robust_list", "rseq", "prlimit64", "getrandom", "sysinfo",
            "uname", "signal", "sendfile", "splice", "ftruncate", "fsync", "fdatasync", "flock", "mount",
            EventTypes.CAPTURE_END,
            // sysdig's bookkeeping events (a third of a .scap capture) and frequent calls, since format 2
            "procinfo", "switch", "container", "cpu_hotplug", "sysdigevent", "clock_gettime", "gettimeofday",
            "getuid", "geteuid", "getgid", "getegid", "getppid", "gettid", "sched_yield", "madvise", "mremap",
            "statfs", "fstatfs", "io_uring_enter", "epoll_pwait2", "sched_getaffinity", "restart_syscall");
    private static final Map<String, Integer> CODE_OF_TYPE = new HashMap<>();

    static {
        for (int i = 1; i < TYPE_CODES.size(); i++) {
            CODE_OF_TYPE.put(TYPE_CODES.get(i), i);
        }
    }

    private static final int FD = 0;
    private static final int FD2 = 1;
    private static final int FLAGS = 2;
    private static final int MODE = 3;
    private static final int PATH = 4;
    private static final int FD_TYPE = 5;
    private static final int SOCK_FAMILY = 6;
    private static final int L4PROTO = 7;
    private static final int LOCAL_IP = 8;
    private static final int LOCAL_PORT = 9;
    private static final int REMOTE_IP = 10;
    private static final int REMOTE_PORT = 11;
    private static final int IS_SERVER = 12;
    private static final int SOCK_STATE = 13;
    private static final int NAME = 14;
    private static final int EXE = 15;
    private static final int ARGS = 16;
    private static final int CWD = 17;
    private static final int PPID = 18;
    private static final int UID = 19;
    private static final int GID = 20;
    private static final int START_TS = 21;
    private static final int VM_SIZE = 22;
    private static final int VM_RSS = 23;
    private static final int FD_LIMIT = 24;
    private static final int EXIT_CODE = 25;
    private static final int SIGNAL = 26;
    private static final int HOME = 27;
    private static final int SHELL = 28;
    private static final int DATA = 29;
    private static final int PROC_NAME = 30;
    private static final int FD_NAME = 31;

    private EventCodec() {
    }

    static void write(Event e, RecordBuffer out) {
        out.writeStopBit(e.num);
        out.writeLong(e.ts);
        out.writeStopBit(e.latencyNs);
        out.writeStopBit(e.pid);
        out.writeStopBit(e.tid);
        out.writeStopBit(e.cpu + 1L);
        Integer code = CODE_OF_TYPE.get(e.type);
        if (code == null) {
            out.writeStopBit(0);
            out.writeString(e.type);
        } else {
            out.writeStopBit(code);
        }
        out.writeStopBit(zigzag(e.res));
        out.writeStopBit(e.errno);

        long mask = 0;
        mask |= bit(FD, e.fd != Event.NO_FD) | bit(FD2, e.fd2 != Event.NO_FD) | bit(FLAGS, e.flags != 0)
                | bit(MODE, e.mode != 0) | bit(PATH, e.path != null) | bit(FD_TYPE, e.fdType != null)
                | bit(SOCK_FAMILY, e.sockFamily != 0) | bit(L4PROTO, e.l4proto != null)
                | bit(LOCAL_IP, e.localIp != null) | bit(LOCAL_PORT, e.localPort != 0)
                | bit(REMOTE_IP, e.remoteIp != null) | bit(REMOTE_PORT, e.remotePort != 0)
                | bit(IS_SERVER, e.isServer) | bit(SOCK_STATE, e.sockState != null) | bit(NAME, e.name != null)
                | bit(EXE, e.exe != null) | bit(ARGS, e.args != null) | bit(CWD, e.cwd != null)
                | bit(PPID, e.ppid != 0) | bit(UID, e.uid != Event.UNSET) | bit(GID, e.gid != Event.UNSET)
                | bit(START_TS, e.startTs != 0) | bit(VM_SIZE, e.vmSizeKb != 0) | bit(VM_RSS, e.vmRssKb != 0)
                | bit(FD_LIMIT, e.fdLimit != 0) | bit(EXIT_CODE, e.exitCode != 0) | bit(SIGNAL, e.signal != 0)
                | bit(HOME, e.home != null) | bit(SHELL, e.shell != null) | bit(DATA, e.data != null)
                | bit(PROC_NAME, e.procName != null) | bit(FD_NAME, e.fdName != null);
        out.writeStopBit(mask);
        if (has(mask, FD)) out.writeStopBit(zigzag(e.fd));
        if (has(mask, FD2)) out.writeStopBit(zigzag(e.fd2));
        if (has(mask, FLAGS)) out.writeStopBit(e.flags);
        if (has(mask, MODE)) out.writeStopBit(e.mode);
        if (has(mask, PATH)) out.writeString(e.path);
        if (has(mask, FD_TYPE)) out.writeByte(e.fdType.ordinal());
        if (has(mask, SOCK_FAMILY)) out.writeStopBit(e.sockFamily);
        if (has(mask, L4PROTO)) out.writeString(e.l4proto);
        if (has(mask, LOCAL_IP)) out.writeString(e.localIp);
        if (has(mask, LOCAL_PORT)) out.writeStopBit(e.localPort);
        if (has(mask, REMOTE_IP)) out.writeString(e.remoteIp);
        if (has(mask, REMOTE_PORT)) out.writeStopBit(e.remotePort);
        if (has(mask, SOCK_STATE)) out.writeString(e.sockState);
        if (has(mask, NAME)) out.writeString(e.name);
        if (has(mask, EXE)) out.writeString(e.exe);
        if (has(mask, ARGS)) out.writeString(e.args);
        if (has(mask, CWD)) out.writeString(e.cwd);
        if (has(mask, PPID)) out.writeStopBit(e.ppid);
        if (has(mask, UID)) out.writeStopBit(zigzag(e.uid));
        if (has(mask, GID)) out.writeStopBit(zigzag(e.gid));
        if (has(mask, START_TS)) out.writeStopBit(e.startTs);
        if (has(mask, VM_SIZE)) out.writeStopBit(e.vmSizeKb);
        if (has(mask, VM_RSS)) out.writeStopBit(e.vmRssKb);
        if (has(mask, FD_LIMIT)) out.writeStopBit(e.fdLimit);
        if (has(mask, EXIT_CODE)) out.writeStopBit(zigzag(e.exitCode));
        if (has(mask, SIGNAL)) out.writeStopBit(e.signal);
        if (has(mask, HOME)) out.writeString(e.home);
        if (has(mask, SHELL)) out.writeString(e.shell);
        if (has(mask, DATA)) {
            out.writeBytes(e.data);
        }
        if (has(mask, PROC_NAME)) out.writeString(e.procName);
        if (has(mask, FD_NAME)) out.writeString(e.fdName);
    }

    /** Reads the head only (num, ts, pid, tid, type, ...): enough to filter before decoding the rest. */
    static void readHead(RecordBuffer in, Event e) {
        e.clear();
        e.num = in.readStopBit();
        e.ts = in.readLong();
        e.latencyNs = in.readStopBit();
        e.pid = (int) in.readStopBit();
        e.tid = (int) in.readStopBit();
        e.cpu = (int) (in.readStopBit() - 1);
        int code = (int) in.readStopBit();
        e.type = code == 0 ? in.readString() : typeOfCode(code);
        e.res = unzigzag(in.readStopBit());
        e.errno = (int) in.readStopBit();
    }

    /** Reads the rest after {@link #readHead}. */
    static void readBody(RecordBuffer in, Event e) {
        long mask = in.readStopBit();
        if (has(mask, FD)) e.fd = (int) unzigzag(in.readStopBit());
        if (has(mask, FD2)) e.fd2 = (int) unzigzag(in.readStopBit());
        if (has(mask, FLAGS)) e.flags = in.readStopBit();
        if (has(mask, MODE)) e.mode = in.readStopBit();
        if (has(mask, PATH)) e.path = in.readString();
        if (has(mask, FD_TYPE)) e.fdType = FdType.ofOrdinal(in.readByte());
        if (has(mask, SOCK_FAMILY)) e.sockFamily = (int) in.readStopBit();
        if (has(mask, L4PROTO)) e.l4proto = in.readString();
        if (has(mask, LOCAL_IP)) e.localIp = in.readString();
        if (has(mask, LOCAL_PORT)) e.localPort = (int) in.readStopBit();
        if (has(mask, REMOTE_IP)) e.remoteIp = in.readString();
        if (has(mask, REMOTE_PORT)) e.remotePort = (int) in.readStopBit();
        e.isServer = has(mask, IS_SERVER);
        if (has(mask, SOCK_STATE)) e.sockState = in.readString();
        if (has(mask, NAME)) e.name = in.readString();
        if (has(mask, EXE)) e.exe = in.readString();
        if (has(mask, ARGS)) e.args = in.readString();
        if (has(mask, CWD)) e.cwd = in.readString();
        if (has(mask, PPID)) e.ppid = (int) in.readStopBit();
        if (has(mask, UID)) e.uid = (int) unzigzag(in.readStopBit());
        if (has(mask, GID)) e.gid = (int) unzigzag(in.readStopBit());
        if (has(mask, START_TS)) e.startTs = in.readStopBit();
        if (has(mask, VM_SIZE)) e.vmSizeKb = in.readStopBit();
        if (has(mask, VM_RSS)) e.vmRssKb = in.readStopBit();
        if (has(mask, FD_LIMIT)) e.fdLimit = in.readStopBit();
        if (has(mask, EXIT_CODE)) e.exitCode = (int) unzigzag(in.readStopBit());
        if (has(mask, SIGNAL)) e.signal = (int) in.readStopBit();
        if (has(mask, HOME)) e.home = in.readString();
        if (has(mask, SHELL)) e.shell = in.readString();
        if (has(mask, DATA)) {
            e.data = in.readBytes();
        }
        if (has(mask, PROC_NAME)) e.procName = in.readString();
        if (has(mask, FD_NAME)) e.fdName = in.readString();
    }

    private static String typeOfCode(int code) {
        if (code <= 0 || code >= TYPE_CODES.size()) {
            throw new IllegalStateException("journal holds unknown event type code " + code);
        }
        return TYPE_CODES.get(code);
    }

    private static long bit(int field, boolean present) {
        return present ? 1L << field : 0;
    }

    private static boolean has(long mask, int field) {
        return (mask & (1L << field)) != 0;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
