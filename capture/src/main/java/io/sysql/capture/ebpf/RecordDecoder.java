package io.sysql.capture.ebpf;

import static io.sysql.capture.ebpf.RecordLayout.ARGS;
import static io.sysql.capture.ebpf.RecordLayout.AUX;
import static io.sysql.capture.ebpf.RecordLayout.DATA_HEADER_SIZE;
import static io.sysql.capture.ebpf.RecordLayout.HEADER_SIZE;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventTypes;
import io.sysql.capture.event.FdType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Turns one record of the ring into an {@link Event}, following the event contract of the capture module. */
final class RecordDecoder {
    // x86_64 numbers of the calls decoded beyond name, arguments and result
    private static final int READ = 0, WRITE = 1, OPEN = 2, CLOSE = 3, PREAD64 = 17, PWRITE64 = 18, READV = 19,
            WRITEV = 20, PIPE = 22, DUP = 32, DUP2 = 33, SOCKET = 41, CONNECT = 42, ACCEPT = 43, SENDTO = 44,
            RECVFROM = 45, SENDMSG = 46, RECVMSG = 47, SHUTDOWN = 48, BIND = 49, LISTEN = 50, GETSOCKNAME = 51,
            GETPEERNAME = 52, SOCKETPAIR = 53, CLONE = 56, FORK = 57, VFORK = 58, EXECVE = 59, EXIT = 60,
            FCNTL = 72, CHDIR = 80, FCHDIR = 81, CREAT = 85, SETUID = 105, SETGID = 106, SETREUID = 113,
            SETREGID = 114, SETRESUID = 117, SETRESGID = 119, EPOLL_CREATE = 213, EXIT_GROUP = 231,
            INOTIFY_INIT = 253, OPENAT = 257, SIGNALFD = 282, TIMERFD_CREATE = 283, EVENTFD = 284,
            ACCEPT4 = 288, SIGNALFD4 = 289, EVENTFD2 = 290, EPOLL_CREATE1 = 291, DUP3 = 292, PIPE2 = 293,
            INOTIFY_INIT1 = 294, PREADV = 295, PWRITEV = 296, RECVMMSG = 299, SENDMMSG = 307,
            MEMFD_CREATE = 319, EXECVEAT = 322, PREADV2 = 327, PWRITEV2 = 328, PIDFD_OPEN = 434, CLONE3 = 435,
            CLOSE_RANGE = 436, OPENAT2 = 437;
    /** Calls that return a new fd of a kind sysql has no name for. */
    private static final int[] OTHER_FD_CREATORS = {298, 300, 304, 321, 323, 425, 240, 428, 430, 432, 433, 438, 444,
            447, 467};

    private static final int AT_FDCWD = -100;
    private static final long CREAT_FLAGS = 0x241; // O_CREAT | O_WRONLY | O_TRUNC
    private static final long CLONE_THREAD_FLAGS = 0x00010000 | 0x00000100 | 0x00000200 | 0x00000400 | 0x00000800;
    private static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFIFO = 0010000, S_IFSOCK = 0140000;

    private final BootClock clock;
    private final SocketFields socket = new SocketFields();

    RecordDecoder(BootClock clock) {
        this.clock = clock;
    }

    /** Fills {@code e} from the record at {@code rec}; false when the record is malformed. */
    boolean decode(ByteBuffer b, int rec, int length, Event e) {
        e.clear();
        if (length < DATA_HEADER_SIZE) {
            return false;
        }
        int kind = b.getShort(rec + RecordLayout.KIND);
        if (kind == RecordLayout.REC_DATA) {
            return data(b, rec, length, e);
        }
        if (length < HEADER_SIZE) {
            return false;
        }
        int len1 = b.getShort(rec + RecordLayout.LEN1) & 0xffff;
        int len2 = b.getShort(rec + RecordLayout.LEN2) & 0xffff;
        if (HEADER_SIZE + len1 + len2 > length) {
            return false;
        }
        int nr = common(b, rec, e);
        switch (kind) {
            case RecordLayout.REC_SYSCALL:
                syscall(b, rec, nr, len1, len2, e);
                return true;
            case RecordLayout.REC_FORK:
                fork(b, rec, nr, e);
                return true;
            case RecordLayout.REC_EXEC:
                e.type = SyscallNames.of(nr);
                e.path = e.exe = text(b, rec + HEADER_SIZE, len1);
                e.args = argv(b, rec + HEADER_SIZE + len1, len2);
                e.name = comm(b, rec);
                return true;
            case RecordLayout.REC_PROCEXIT:
                procexit((int) arg(b, rec, 0), e);
                e.type = EventTypes.PROCEXIT;
                e.name = comm(b, rec);
                return true;
            case RecordLayout.REC_EXIT_CALL:
                e.type = nr == EXIT ? EventTypes.EXIT : EventTypes.EXIT_GROUP;
                e.exitCode = (int) (arg(b, rec, 0) & 0xff);
                return true;
            default:
                return false;
        }
    }

    /** The fields every layout starts with; returns the call's number. */
    private int common(ByteBuffer b, int rec, Event e) {
        e.ts = clock.toWallNs(b.getLong(rec + RecordLayout.TS));
        e.pid = b.getInt(rec + RecordLayout.TGID);
        e.tid = b.getInt(rec + RecordLayout.TID);
        e.cpu = b.getShort(rec + RecordLayout.CPU) & 0xffff;
        return b.getShort(rec + RecordLayout.NR) & 0xffff;
    }

    /** A read/write-family call in the short layout (struct sysql_data_record). */
    private boolean data(ByteBuffer b, int rec, int length, Event e) {
        int len = b.getShort(rec + RecordLayout.DATA_LEN) & 0xffff;
        if (DATA_HEADER_SIZE + len > length) {
            return false;
        }
        int nr = common(b, rec, e);
        e.type = SyscallNames.of(nr);
        result(b.getLong(rec + RecordLayout.RET), e);
        e.fd = (int) b.getLong(rec + RecordLayout.DATA_FD);
        e.data = bytes(b, rec + DATA_HEADER_SIZE, len);
        return true;
    }

    /** The call's result: the value, or -1 and errno for the kernel's -4095..-1 errors. True on success. */
    private static boolean result(long ret, Event e) {
        boolean ok = ret >= 0 || ret < -4095;
        if (ok) {
            e.res = ret;
        } else {
            e.res = -1;
            e.errno = (int) -ret;
        }
        return ok;
    }

    private void syscall(ByteBuffer b, int rec, int nr, int len1, int len2, Event e) {
        e.type = SyscallNames.of(nr);
        boolean ok = result(b.getLong(rec + RecordLayout.RET), e);
        int area1 = rec + HEADER_SIZE;
        int area2 = area1 + len1;
        long a0 = arg(b, rec, 0);
        long a1 = arg(b, rec, 1);
        long a2 = arg(b, rec, 2);
        long a3 = arg(b, rec, 3);
        switch (nr) {
            case READ: case WRITE: case PREAD64: case PWRITE64: case READV: case WRITEV: case PREADV:
            case PWRITEV: case PREADV2: case PWRITEV2:
                e.fd = (int) a0;
                e.data = bytes(b, area1, len1);
                break;
            case SENDTO: case RECVFROM: case SENDMSG: case RECVMSG: case SENDMMSG: case RECVMMSG:
                e.fd = (int) a0;
                e.data = bytes(b, area1, len1);
                socket.fromKernel(b, rec, e);
                socket.fromSockaddr(b, area2, len2, false, e);
                break;
            case OPEN: case CREAT:
                e.path = text(b, area1, len1);
                e.flags = nr == CREAT ? CREAT_FLAGS : a1;
                e.mode = nr == CREAT ? a1 : a2;
                e.fdType = ok ? fileType(b, rec) : null;
                break;
            case OPENAT: case OPENAT2:
                if ((int) a0 != AT_FDCWD) {
                    e.fd = (int) a0;
                }
                e.path = text(b, area1, len1);
                e.flags = nr == OPENAT2 ? b.getLong(rec + AUX) : a2;
                e.mode = a3;
                e.fdType = ok ? fileType(b, rec) : null;
                break;
            case CHDIR:
                e.path = text(b, area1, len1);
                break;
            case FCHDIR: case CLOSE:
                e.fd = (int) a0;
                break;
            case CLOSE_RANGE:
                e.fd = (int) a0;
                e.fd2 = (int) a1;
                e.flags = a2;
                break;
            case DUP:
                e.fd = (int) a0;
                break;
            case DUP2: case DUP3:
                e.fd = (int) a0;
                e.fd2 = (int) a1;
                e.flags = nr == DUP3 ? a2 : 0;
                break;
            case FCNTL:
                e.fd = (int) a0;
                e.flags = a1;
                e.mode = a2;
                break;
            case PIPE: case PIPE2:
                fdPair(b, rec, ok, e);
                e.flags = nr == PIPE2 ? a1 : 0;
                e.fdType = FdType.PIPE;
                break;
            case SOCKETPAIR:
                fdPair(b, rec, ok, e);
                socketArgs(a0, a1, a2, e);
                break;
            case SOCKET:
                socketArgs(a0, a1, a2, e);
                socket.fromKernel(b, rec, e);
                break;
            case BIND:
                e.fd = (int) a0;
                socket.fromKernel(b, rec, e);
                socket.fromSockaddr(b, area2, len2, true, e);
                break;
            case CONNECT:
                e.fd = (int) a0;
                socket.fromKernel(b, rec, e);
                socket.fromSockaddr(b, area2, len2, false, e);
                break;
            case LISTEN: case SHUTDOWN: case GETSOCKNAME: case GETPEERNAME:
                e.fd = (int) a0;
                socket.fromKernel(b, rec, e);
                break;
            case ACCEPT: case ACCEPT4:
                e.fd = (int) a0;
                e.flags = nr == ACCEPT4 ? a3 : 0;
                socket.fromKernel(b, rec, e);
                socket.fromSockaddr(b, area2, len2, false, e);
                break;
            case CLONE: case CLONE3: case FORK: case VFORK:
                e.flags = nr == CLONE ? a0 : 0;
                break;
            case EXECVE: case EXECVEAT:
                e.path = e.exe = text(b, area1, len1);
                break;
            case SETUID: case SETREUID: case SETRESUID:
                e.uid = (int) b.getLong(rec + AUX);
                break;
            case SETGID: case SETREGID: case SETRESGID:
                e.gid = (int) (b.getLong(rec + AUX) >>> 32);
                break;
            case MEMFD_CREATE:
                e.path = "memfd:" + text(b, area1, len1);
                e.flags = a1;
                e.fdType = ok ? FdType.MEMFD : null;
                break;
            case EVENTFD: case EVENTFD2:
                newFd(ok, FdType.EVENT, nr == EVENTFD2 ? a1 : 0, e);
                break;
            case SIGNALFD: case SIGNALFD4:
                e.fd = (int) a0;
                newFd(ok, FdType.SIGNALFD, nr == SIGNALFD4 ? a3 : 0, e);
                break;
            case TIMERFD_CREATE:
                newFd(ok, FdType.TIMERFD, a1, e);
                break;
            case INOTIFY_INIT: case INOTIFY_INIT1:
                newFd(ok, FdType.INOTIFY, nr == INOTIFY_INIT1 ? a0 : 0, e);
                break;
            case EPOLL_CREATE: case EPOLL_CREATE1:
                newFd(ok, FdType.EVENTPOLL, nr == EPOLL_CREATE1 ? a0 : 0, e);
                break;
            case PIDFD_OPEN:
                newFd(ok, FdType.PIDFD, a1, e);
                break;
            default:
                e.args = rawArgs(b, rec);
                if (ok && isOtherFdCreator(nr)) {
                    e.fdType = FdType.OTHER;
                }
        }
    }

    private static void fork(ByteBuffer b, int rec, int nr, Event e) {
        long childTid = arg(b, rec, 0);
        long childTgid = arg(b, rec, 1);
        e.type = nr == RecordLayout.NR_UNKNOWN ? EventTypes.CLONE : SyscallNames.of(nr);
        e.res = childTid;
        if (nr == RecordLayout.NR_UNKNOWN) {
            e.flags = childTgid == e.pid ? CLONE_THREAD_FLAGS : 0;
        } else {
            e.flags = arg(b, rec, 2);
        }
        e.name = comm(b, rec);
    }

    /** The kernel's exit code: status << 8 after exit, or the killing signal (| 0x80 with a core dump). */
    private static void procexit(int code, Event e) {
        if ((code & 0x7f) == 0) {
            e.exitCode = (code >> 8) & 0xff;
        } else {
            e.exitCode = -1;
            e.signal = code & 0x7f;
        }
    }

    private static void fdPair(ByteBuffer b, int rec, boolean ok, Event e) {
        if (ok) {
            long pair = b.getLong(rec + AUX);
            e.fd = (int) pair;
            e.fd2 = (int) (pair >>> 32);
        }
    }

    private static void socketArgs(long family, long type, long protocol, Event e) {
        e.sockFamily = (int) family;
        e.flags = type;
        e.mode = protocol;
        e.fdType = FdType.ofSocketFamily((int) family);
        e.l4proto = SocketFields.l4proto((int) family, (int) type & 0xf, (int) protocol);
    }

    private static void newFd(boolean ok, FdType type, long flags, Event e) {
        e.flags = flags;
        if (ok) {
            e.fdType = type;
        }
    }

    private static FdType fileType(ByteBuffer b, int rec) {
        int mode = b.getShort(rec + RecordLayout.FD_MODE) & S_IFMT;
        switch (mode) {
            case S_IFDIR:
                return FdType.DIRECTORY;
            case S_IFIFO:
                return FdType.PIPE;
            case S_IFSOCK:
                return FdType.UNIX;
            default:
                return FdType.FILE;
        }
    }

    private static boolean isOtherFdCreator(int nr) {
        for (int creator : OTHER_FD_CREATORS) {
            if (creator == nr) {
                return true;
            }
        }
        return false;
    }

    private static long arg(ByteBuffer b, int rec, int i) {
        return b.getLong(rec + ARGS + 8 * i);
    }

    /** The six argument registers in hex: the kernel does not say how many a call takes. */
    private static String rawArgs(ByteBuffer b, int rec) {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append("0x").append(Long.toHexString(arg(b, rec, i)));
        }
        return sb.toString();
    }

    private static byte[] bytes(ByteBuffer b, int offset, int length) {
        if (length == 0) {
            return null;
        }
        byte[] out = new byte[length];
        b.get(offset, out);
        return out;
    }

    private static String text(ByteBuffer b, int offset, int length) {
        byte[] bytes = new byte[length];
        b.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String comm(ByteBuffer b, int rec) {
        int start = rec + RecordLayout.COMM;
        int end = start;
        while (end < start + RecordLayout.COMM_SIZE && b.get(end) != 0) {
            end++;
        }
        return text(b, start, end - start);
    }

    /** argv as the kernel lays it out (each argument NUL-terminated), joined by single spaces. */
    private static String argv(ByteBuffer b, int offset, int length) {
        int end = length;
        while (end > 0 && b.get(offset + end - 1) == 0) {
            end--;
        }
        byte[] bytes = new byte[end];
        b.get(offset, bytes);
        for (int i = 0; i < end; i++) {
            if (bytes[i] == 0) {
                bytes[i] = ' ';
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
