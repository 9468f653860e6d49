package io.sysql.capture.ebpf;

import static io.sysql.capture.ebpf.RecordLayout.ARGS;
import static io.sysql.capture.ebpf.RecordLayout.AUX;
import static io.sysql.capture.ebpf.RecordLayout.DATA_HEADER_SIZE;
import static io.sysql.capture.ebpf.RecordLayout.HEADER_SIZE;

import io.sysql.capture.event.CpuTime;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKind.Arg;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.Linux;
import io.sysql.capture.event.NamespaceIds;
import io.sysql.capture.proc.BootClock;
import io.sysql.capture.event.FdType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Turns one record of the ring into an {@link Event}, following the event contract of the capture module. */
final class RecordDecoder {
    /** The flags a thread's clone has at least, for a birth whose parent was in no clone-family call. */
    private static final long THREAD_CLONE_FLAGS = Linux.CLONE_THREAD | Linux.CLONE_VM | Linux.CLONE_FS
            | Linux.CLONE_FILES | Linux.CLONE_SIGHAND;

    private final BootClock clock;
    private final SocketFields socket = new SocketFields();
    /** Data records (the short layout) carry no namespace ids: their thread's last full record gave them. */
    private final NamespaceIds namespaceIds = new NamespaceIds();

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
        e.vtid = b.getInt(rec + RecordLayout.VTID);
        e.vpid = b.getInt(rec + RecordLayout.VPID);
        namespaceIds.remember(e.tid, e.vpid, e.vtid);
        switch (kind) {
            case RecordLayout.REC_SYSCALL:
                syscall(b, rec, nr, len1, len2, e);
                return true;
            case RecordLayout.REC_FORK:
                fork(b, rec, nr, e);
                return true;
            case RecordLayout.REC_EXEC:
                e.kind = EventKinds.ofX86(nr);
                e.path = e.exe = text(b, rec + HEADER_SIZE, len1);
                e.args = argv(b, rec + HEADER_SIZE + len1, len2);
                e.name = comm(b, rec);
                return true;
            case RecordLayout.REC_PROCEXIT:
                namespaceIds.forget(e.tid);
                procexit((int) arg(b, rec, 0), e);
                CpuTime.setSplit(e, arg(b, rec, 1), arg(b, rec, 2), arg(b, rec, 3));
                e.kind = EventKinds.PROCEXIT;
                e.name = comm(b, rec);
                return true;
            case RecordLayout.REC_EXIT_CALL:
                e.kind = EventKinds.ofX86(nr);
                e.exitCode = (int) (arg(b, rec, 0) & 0xff);
                e.errno = Event.NO_EXIT;
                return true;
            default:
                return false;
        }
    }

    /** The fields every layout starts with; returns the call's number. */
    private int common(ByteBuffer b, int rec, Event e) {
        e.ts = clock.wallNs(b.getLong(rec + RecordLayout.TS));
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
        e.kind = EventKinds.ofX86(nr);
        result(b.getLong(rec + RecordLayout.RET), e);
        e.fd = (int) b.getLong(rec + RecordLayout.DATA_FD);
        e.latencyNs = b.getLong(rec + RecordLayout.DATA_LATENCY);
        e.data = bytes(b, rec + DATA_HEADER_SIZE, len);
        namespaceIds.applyTo(e);
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

    /**
     * A call in the full layout: its arguments where its row of the table of kinds says they are, then what
     * the program read in the kernel for it; a call whose arguments sysql does not know keeps them raw.
     */
    private void syscall(ByteBuffer b, int rec, int nr, int len1, int len2, Event e) {
        EventKind k = EventKinds.ofX86(nr);
        e.kind = k;
        boolean ok = result(b.getLong(rec + RecordLayout.RET), e);
        e.latencyNs = b.getLong(rec + RecordLayout.LATENCY);
        if (!k.hasArgs()) {
            e.args = rawArgs(b, rec);
        }
        for (int i = 0; i < k.argCount(); i++) {
            argument(k.arg(i), arg(b, rec, i), e);
        }
        if (k.argIndex(Arg.DOMAIN) >= 0) {
            e.fdType = FdType.ofSocketFamily(e.sockFamily);
            e.l4proto = SocketFields.l4proto(e.sockFamily, (int) e.flags & Linux.SOCK_TYPE_MASK, (int) e.mode);
        }
        if (k.impliedFlags() != 0 && k.argIndex(Arg.FLAGS) < 0 && k.argIndex(Arg.CLONE_FLAGS) < 0) {
            e.flags = k.impliedFlags();
        }
        if (ok && k.creates() != null) {
            e.fdType = k.creates();
        }
        kernelRead(k, b, rec, ok, rec + HEADER_SIZE, len1, rec + HEADER_SIZE + len1, len2, e);
        if (k.isEntryOnly()) {
            e.res = 0; // what rt_sigreturn "returns" is the interrupted code's register, not a result
            e.errno = Event.NO_EXIT;
            e.latencyNs = 0;
        }
    }

    private static void argument(Arg role, long value, Event e) {
        switch (role) {
            case FD -> e.fd = (int) value;
            case FD2 -> e.fd2 = (int) value;
            case DIRFD -> {
                if ((int) value != Linux.AT_FDCWD) {
                    e.fd = (int) value;
                }
            }
            case FLAGS, CLONE_FLAGS, SOCK_TYPE -> e.flags = value;
            case MODE, PROTOCOL -> e.mode = value;
            case DOMAIN -> e.sockFamily = (int) value;
            case STATUS -> e.exitCode = (int) (value & 0xff);
            case PID -> e.targetPid = (int) value;
            default -> {
            }
        }
    }

    /** What the program read in the kernel for the call (sysql.bpf.c's ACT_ of its row). */
    private void kernelRead(EventKind k, ByteBuffer b, int rec, boolean ok, int area1, int len1, int area2,
            int len2, Event e) {
        switch (k.kernelRead()) {
            case OPEN, OPENAT -> {
                e.path = text(b, area1, len1);
                e.fdType = ok ? fileType(b, rec) : null;
            }
            case OPENAT2 -> {
                e.path = text(b, area1, len1);
                e.flags = b.getLong(rec + AUX);
                e.mode = arg(b, rec, 3);
                e.fdType = ok ? fileType(b, rec) : null;
            }
            case PATH -> e.path = k.creates() == FdType.MEMFD ? "memfd:" + text(b, area1, len1) : text(b, area1, len1);
            case EXEC, EXECAT -> e.path = e.exe = text(b, area1, len1);
            case FD_PAIR0, FD_PAIR3 -> fdPair(b, rec, ok, e);
            case NEW_SOCK, SOCK -> socket.fromKernel(b, rec, e);
            case SOCK_ADDR -> {
                socket.fromKernel(b, rec, e);
                socket.fromSockaddr(b, area2, len2, k.argIndex(Arg.LOCAL_ADDR) >= 0, e);
            }
            case ACCEPT -> {
                socket.fromKernel(b, rec, e);
                socket.fromSockaddr(b, area2, len2, false, e);
            }
            case CRED -> {
                if (k.argIndex(Arg.EUID) >= 0) {
                    e.uid = (int) b.getLong(rec + AUX);
                } else {
                    e.gid = (int) (b.getLong(rec + AUX) >>> 32);
                }
            }
            case DATA, DATA_IOV -> e.data = bytes(b, area1, len1);
            case SENDTO, RECVFROM, MSG, MMSG -> {
                e.data = bytes(b, area1, len1);
                socket.fromKernel(b, rec, e);
                socket.fromSockaddr(b, area2, len2, false, e);
            }
            default -> {
            }
        }
    }

    /** A birth, as its parent's event; the child's namespace ids are kept for its own first records. */
    private void fork(ByteBuffer b, int rec, int nr, Event e) {
        long childTid = arg(b, rec, 0);
        long childTgid = arg(b, rec, 1);
        namespaceIds.remember((int) childTid, arg(b, rec, 4), arg(b, rec, 3));
        // a birth: its result is the child's host tid whatever the caller's pid namespace (see Event#vtid)
        e.vpid = Event.UNSET;
        e.vtid = Event.UNSET;
        e.kind = nr == RecordLayout.NR_UNKNOWN ? EventKinds.CLONE : EventKinds.ofX86(nr);
        e.res = childTid;
        if (nr == RecordLayout.NR_UNKNOWN) {
            e.flags = childTgid == e.pid ? THREAD_CLONE_FLAGS : 0;
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

    private static FdType fileType(ByteBuffer b, int rec) {
        int mode = b.getShort(rec + RecordLayout.FD_MODE) & Linux.S_IFMT;
        switch (mode) {
            case Linux.S_IFDIR:
                return FdType.DIRECTORY;
            case Linux.S_IFIFO:
                return FdType.PIPE;
            case Linux.S_IFSOCK:
                return FdType.UNIX;
            default:
                return FdType.FILE;
        }
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
