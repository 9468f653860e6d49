package io.sysql.storage.journal;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;

import java.util.BitSet;

/**
 * The binary layout of the events of one journal block ({@link Journal}). Each event is a flags byte, the
 * head (ts, latency, pid, tid, cpu, type, res, errno) and, when it has any, a bit mask of the optional
 * fields present and those fields. The head is coded against the previous event of the block
 * ({@link Previous}): {@code num} is implicit, {@code ts} a delta, and pid, tid, cpu and type a flag when
 * they repeat. Numbers are stop-bit varints; text a stop-bit length and UTF-8 bytes, encoded by the JDK
 * (whose ASCII path is a copy) rather than by Chronicle's {@code writeUtf8}, which reads each String's
 * coder by reflection. A type is its {@link EventKind#journalCode() code} in the table of kinds, or 0 and its
 * name for a kind the table does not code. Changing the layout means a new {@link #FORMAT_VERSION}: 2 added type codes to
 * those of 1 and made negative stop-bit numbers plain unsigned varints; 3 put events in blocks, coded
 * against their predecessor, with the most frequent optional fields in the mask's first byte; 4 writes
 * names (process, fd, path, exe, addresses...) as ids of the journal's string dictionary
 * ({@link DictionaryWriter}); 5 codes args like names, as an id when they repeat
 * ({@link DictionaryWriter#idOfRepeated}), so only data is always inline; 6 added the optional vpid, vtid and
 * target pid after data (mask bits 32 to 34) and type codes after resync, so a format-5 journal reads as a format-6 one without them;
 * 7 added a thread's CPU time (mask bits 38 and 39) and the cpu_sample type code, so formats 5 and 6 read as
 * format 7 without them.
 */
public final class EventCodec {
    public static final int FORMAT_VERSION = 7;
    /** The oldest format this codec reads: formats since only added optional fields. */
    public static final int OLDEST_READABLE_FORMAT = 5;

    // Mask bits: the fields of reads, writes, opens and closes first, so that their mask is one byte.
    private static final int FD = 0;
    private static final int PROC_NAME = 1;
    private static final int FD_NAME = 2;
    private static final int FD_TYPE = 3;
    private static final int FLAGS = 4;
    private static final int MODE = 5;
    private static final int PATH = 6;
    private static final int FD2 = 7;
    private static final int SOCK_FAMILY = 8;
    private static final int L4PROTO = 9;
    private static final int LOCAL_IP = 10;
    private static final int LOCAL_PORT = 11;
    private static final int REMOTE_IP = 12;
    private static final int REMOTE_PORT = 13;
    private static final int IS_SERVER = 14;
    private static final int SOCK_STATE = 15;
    private static final int NAME = 16;
    private static final int EXE = 17;
    private static final int ARGS = 18;
    private static final int CWD = 19;
    private static final int PPID = 20;
    private static final int UID = 21;
    private static final int GID = 22;
    private static final int START_TS = 23;
    private static final int VM_SIZE = 24;
    private static final int VM_RSS = 25;
    private static final int FD_LIMIT = 26;
    private static final int EXIT_CODE = 27;
    private static final int SIGNAL = 28;
    private static final int HOME = 29;
    private static final int SHELL = 30;
    private static final int DATA = 31;
    private static final int VPID = 32;
    private static final int VTID = 33;
    private static final int TARGET_PID = 34;
    private static final int CONTAINER_ID = 35;
    private static final int CONTAINER_IMAGE = 36;
    private static final int CONTAINER_RUNTIME = 37;
    private static final int CPU_USER_NS = 38;
    private static final int CPU_SYSTEM_NS = 39;
    private static final int LAST_FIELD = CPU_SYSTEM_NS;

    private static final int SAME_PID = 1;
    private static final int TID_IS_PID = 1 << 1;
    private static final int SAME_TID = 1 << 2;
    private static final int SAME_CPU = 1 << 3;
    private static final int SAME_TYPE = 1 << 4;
    private static final int HAS_ERRNO = 1 << 5;
    private static final int HAS_BODY = 1 << 6;

    /** The fields written as a length and bytes, by mask bit. */
    private static final BitSet TEXT_FIELDS = new BitSet();
    /** The fields written as a dictionary id ({@link #writeName}), by mask bit. */
    private static final BitSet NAME_FIELDS = new BitSet();

    static {
        TEXT_FIELDS.set(DATA);
        for (int field : new int[] {PROC_NAME, FD_NAME, PATH, L4PROTO, LOCAL_IP, REMOTE_IP, SOCK_STATE, NAME, EXE,
                ARGS, CWD, HOME, SHELL, CONTAINER_ID, CONTAINER_IMAGE, CONTAINER_RUNTIME}) {
            NAME_FIELDS.set(field);
        }
    }

    private EventCodec() {
    }

    /** Appends {@code e} to a block, coded against {@code prev}, which then becomes {@code e}. */
    static void write(Event e, RecordBuffer out, Previous prev, DictionaryWriter names) {
        int code = e.kind == prev.kind ? prev.typeCode : e.kind.journalCode();
        long mask = bodyMask(e);
        int flags = (e.pid == prev.pid ? SAME_PID : 0)
                | (e.tid == e.pid ? TID_IS_PID : e.tid == prev.tid ? SAME_TID : 0)
                | (e.cpu == prev.cpu ? SAME_CPU : 0)
                | (code != 0 && code == prev.typeCode ? SAME_TYPE : 0)
                | (e.errno != 0 ? HAS_ERRNO : 0)
                | (mask != 0 ? HAS_BODY : 0);
        out.writeByte(flags);
        out.writeStopBit(zigzag(e.ts - prev.ts));
        out.writeStopBit(e.latencyNs);
        if ((flags & SAME_PID) == 0) out.writeStopBit(e.pid);
        if ((flags & (TID_IS_PID | SAME_TID)) == 0) out.writeStopBit(e.tid);
        if ((flags & SAME_CPU) == 0) out.writeStopBit(e.cpu + 1L);
        if ((flags & SAME_TYPE) == 0) {
            out.writeStopBit(code);
            if (code == 0) {
                out.writeString(e.kind.name());
            }
        }
        out.writeStopBit(zigzag(e.res));
        if ((flags & HAS_ERRNO) != 0) out.writeStopBit(e.errno);
        prev.set(e.ts, e.pid, e.tid, e.cpu, code, e.kind);
        if (mask == 0) {
            return;
        }
        out.writeStopBit(mask);
        if (has(mask, FD)) out.writeStopBit(zigzag(e.fd));
        if (has(mask, PROC_NAME)) writeName(out, e.procName, names);
        if (has(mask, FD_NAME)) writeName(out, e.fdName, names);
        if (has(mask, FD_TYPE)) out.writeByte(e.fdType.ordinal());
        if (has(mask, FLAGS)) out.writeStopBit(e.flags);
        if (has(mask, MODE)) out.writeStopBit(e.mode);
        if (has(mask, PATH)) writeName(out, e.path, names);
        if (has(mask, FD2)) out.writeStopBit(zigzag(e.fd2));
        if (has(mask, SOCK_FAMILY)) out.writeStopBit(e.sockFamily);
        if (has(mask, L4PROTO)) writeName(out, e.l4proto, names);
        if (has(mask, LOCAL_IP)) writeName(out, e.localIp, names);
        if (has(mask, LOCAL_PORT)) out.writeStopBit(e.localPort);
        if (has(mask, REMOTE_IP)) writeName(out, e.remoteIp, names);
        if (has(mask, REMOTE_PORT)) out.writeStopBit(e.remotePort);
        if (has(mask, SOCK_STATE)) writeName(out, e.sockState, names);
        if (has(mask, NAME)) writeName(out, e.name, names);
        if (has(mask, EXE)) writeName(out, e.exe, names);
        if (has(mask, ARGS)) writeId(out, names.idOfRepeated(e.args), e.args);
        if (has(mask, CWD)) writeName(out, e.cwd, names);
        if (has(mask, PPID)) out.writeStopBit(e.ppid);
        if (has(mask, UID)) out.writeStopBit(zigzag(e.uid));
        if (has(mask, GID)) out.writeStopBit(zigzag(e.gid));
        if (has(mask, START_TS)) out.writeStopBit(e.startTs);
        if (has(mask, VM_SIZE)) out.writeStopBit(e.vmSizeKb);
        if (has(mask, VM_RSS)) out.writeStopBit(e.vmRssKb);
        if (has(mask, FD_LIMIT)) out.writeStopBit(e.fdLimit);
        if (has(mask, EXIT_CODE)) out.writeStopBit(zigzag(e.exitCode));
        if (has(mask, SIGNAL)) out.writeStopBit(e.signal);
        if (has(mask, HOME)) writeName(out, e.home, names);
        if (has(mask, SHELL)) writeName(out, e.shell, names);
        if (has(mask, DATA)) out.writeBytes(e.data);
        if (has(mask, VPID)) out.writeStopBit(e.vpid);
        if (has(mask, VTID)) out.writeStopBit(e.vtid);
        if (has(mask, TARGET_PID)) out.writeStopBit(e.targetPid);
        if (has(mask, CONTAINER_ID)) writeName(out, e.containerId, names);
        if (has(mask, CONTAINER_IMAGE)) writeName(out, e.containerImage, names);
        if (has(mask, CONTAINER_RUNTIME)) writeName(out, e.containerRuntime, names);
        if (has(mask, CPU_USER_NS)) out.writeStopBit(e.cpuUserNs);
        if (has(mask, CPU_SYSTEM_NS)) out.writeStopBit(e.cpuSystemNs);
    }

    private static long bodyMask(Event e) {
        return bit(FD, e.fd != Event.NO_FD) | bit(PROC_NAME, e.procName != null) | bit(FD_NAME, e.fdName != null)
                | bit(FD_TYPE, e.fdType != null) | bit(FLAGS, e.flags != 0) | bit(MODE, e.mode != 0)
                | bit(PATH, e.path != null) | bit(FD2, e.fd2 != Event.NO_FD) | bit(SOCK_FAMILY, e.sockFamily != 0)
                | bit(L4PROTO, e.l4proto != null) | bit(LOCAL_IP, e.localIp != null)
                | bit(LOCAL_PORT, e.localPort != 0) | bit(REMOTE_IP, e.remoteIp != null)
                | bit(REMOTE_PORT, e.remotePort != 0) | bit(IS_SERVER, e.isServer)
                | bit(SOCK_STATE, e.sockState != null) | bit(NAME, e.name != null) | bit(EXE, e.exe != null)
                | bit(ARGS, e.args != null) | bit(CWD, e.cwd != null) | bit(PPID, e.ppid != 0)
                | bit(UID, e.uid != Event.UNSET) | bit(GID, e.gid != Event.UNSET) | bit(START_TS, e.startTs != 0)
                | bit(VM_SIZE, e.vmSizeKb != 0) | bit(VM_RSS, e.vmRssKb != 0) | bit(FD_LIMIT, e.fdLimit != 0)
                | bit(EXIT_CODE, e.exitCode != 0) | bit(SIGNAL, e.signal != 0) | bit(HOME, e.home != null)
                | bit(SHELL, e.shell != null) | bit(DATA, e.data != null) | bit(VPID, e.vpid != Event.UNSET)
                | bit(VTID, e.vtid != Event.UNSET) | bit(TARGET_PID, e.targetPid != Event.UNSET)
                | bit(CONTAINER_ID, e.containerId != null)
                | bit(CONTAINER_IMAGE, e.containerImage != null) | bit(CONTAINER_RUNTIME, e.containerRuntime != null)
                | bit(CPU_USER_NS, e.cpuUserNs != Event.UNSET) | bit(CPU_SYSTEM_NS, e.cpuSystemNs != Event.UNSET);
    }

    /**
     * Reads the head of event {@code num} (ts, pid, tid, type, ...): enough to filter before decoding the
     * rest. Returns what tells {@link #readBody} or {@link #skipBody} whether there is a body.
     */
    static int readHead(RecordBuffer in, long num, Event e, Previous prev) {
        e.clear();
        e.num = num;
        int flags = in.readByte() & 0xFF;
        e.ts = prev.ts + unzigzag(in.readStopBit());
        e.latencyNs = in.readStopBit();
        e.pid = (flags & SAME_PID) != 0 ? prev.pid : (int) in.readStopBit();
        e.tid = (flags & TID_IS_PID) != 0 ? e.pid : (flags & SAME_TID) != 0 ? prev.tid : (int) in.readStopBit();
        e.cpu = (flags & SAME_CPU) != 0 ? prev.cpu : (int) (in.readStopBit() - 1);
        int code;
        if ((flags & SAME_TYPE) != 0) {
            code = prev.typeCode;
            e.kind = prev.kind;
        } else {
            code = (int) in.readStopBit();
            e.kind = code == 0 ? EventKinds.of(in.readString()) : kindOfCode(code);
        }
        e.res = unzigzag(in.readStopBit());
        e.errno = (flags & HAS_ERRNO) != 0 ? (int) in.readStopBit() : 0;
        prev.set(e.ts, e.pid, e.tid, e.cpu, code, e.kind);
        return flags;
    }

    /** Reads the rest after {@link #readHead}, given what it returned. */
    static void readBody(RecordBuffer in, int headFlags, Event e, DictionaryReader names) {
        if ((headFlags & HAS_BODY) == 0) {
            return;
        }
        long mask = in.readStopBit();
        if (has(mask, FD)) e.fd = (int) unzigzag(in.readStopBit());
        if (has(mask, PROC_NAME)) e.procName = readName(in, names);
        if (has(mask, FD_NAME)) e.fdName = readName(in, names);
        if (has(mask, FD_TYPE)) e.fdType = FdType.ofOrdinal(in.readByte());
        if (has(mask, FLAGS)) e.flags = in.readStopBit();
        if (has(mask, MODE)) e.mode = in.readStopBit();
        if (has(mask, PATH)) e.path = readName(in, names);
        if (has(mask, FD2)) e.fd2 = (int) unzigzag(in.readStopBit());
        if (has(mask, SOCK_FAMILY)) e.sockFamily = (int) in.readStopBit();
        if (has(mask, L4PROTO)) e.l4proto = readName(in, names);
        if (has(mask, LOCAL_IP)) e.localIp = readName(in, names);
        if (has(mask, LOCAL_PORT)) e.localPort = (int) in.readStopBit();
        if (has(mask, REMOTE_IP)) e.remoteIp = readName(in, names);
        if (has(mask, REMOTE_PORT)) e.remotePort = (int) in.readStopBit();
        e.isServer = has(mask, IS_SERVER);
        if (has(mask, SOCK_STATE)) e.sockState = readName(in, names);
        if (has(mask, NAME)) e.name = readName(in, names);
        if (has(mask, EXE)) e.exe = readName(in, names);
        if (has(mask, ARGS)) e.args = readName(in, names);
        if (has(mask, CWD)) e.cwd = readName(in, names);
        if (has(mask, PPID)) e.ppid = (int) in.readStopBit();
        if (has(mask, UID)) e.uid = (int) unzigzag(in.readStopBit());
        if (has(mask, GID)) e.gid = (int) unzigzag(in.readStopBit());
        if (has(mask, START_TS)) e.startTs = in.readStopBit();
        if (has(mask, VM_SIZE)) e.vmSizeKb = in.readStopBit();
        if (has(mask, VM_RSS)) e.vmRssKb = in.readStopBit();
        if (has(mask, FD_LIMIT)) e.fdLimit = in.readStopBit();
        if (has(mask, EXIT_CODE)) e.exitCode = (int) unzigzag(in.readStopBit());
        if (has(mask, SIGNAL)) e.signal = (int) in.readStopBit();
        if (has(mask, HOME)) e.home = readName(in, names);
        if (has(mask, SHELL)) e.shell = readName(in, names);
        if (has(mask, DATA)) e.data = in.readBytes();
        if (has(mask, VPID)) e.vpid = (int) in.readStopBit();
        if (has(mask, VTID)) e.vtid = (int) in.readStopBit();
        if (has(mask, TARGET_PID)) e.targetPid = (int) in.readStopBit();
        if (has(mask, CONTAINER_ID)) e.containerId = readName(in, names);
        if (has(mask, CONTAINER_IMAGE)) e.containerImage = readName(in, names);
        if (has(mask, CONTAINER_RUNTIME)) e.containerRuntime = readName(in, names);
        if (has(mask, CPU_USER_NS)) e.cpuUserNs = in.readStopBit();
        if (has(mask, CPU_SYSTEM_NS)) e.cpuSystemNs = in.readStopBit();
    }

    /** Steps over the body after {@link #readHead} without decoding it (no strings made). */
    static void skipBody(RecordBuffer in, int headFlags) {
        if ((headFlags & HAS_BODY) == 0) {
            return;
        }
        long mask = in.readStopBit();
        for (int field = FD; field <= LAST_FIELD; field++) {
            if (field == IS_SERVER || !has(mask, field)) {
                continue;
            }
            if (field == FD_TYPE) {
                in.readByte();
            } else if (TEXT_FIELDS.get(field)) {
                in.skipBytes();
            } else if (NAME_FIELDS.get(field)) {
                if (in.readStopBit() == 0) {
                    in.skipBytes();
                }
            } else {
                in.readStopBit();
            }
        }
    }

    /** A repeated string as its dictionary id + 1, or 0 and the text when the dictionary leaves it inline. */
    private static void writeName(RecordBuffer out, String s, DictionaryWriter names) {
        writeId(out, names.idOf(s), s);
    }

    private static void writeId(RecordBuffer out, int id, String s) {
        out.writeStopBit(id + 1L);
        if (id < 0) {
            out.writeString(s);
        }
    }

    private static String readName(RecordBuffer in, DictionaryReader names) {
        long id = in.readStopBit();
        if (id == 0) {
            return in.readString();
        }
        if (id > Integer.MAX_VALUE) {
            throw new IllegalStateException("journal block holds string id " + id);
        }
        return names.get((int) (id - 1));
    }

    private static EventKind kindOfCode(int code) {
        EventKind kind = EventKinds.ofCode(code);
        if (kind == null) {
            throw new IllegalStateException("journal holds unknown event type code " + code);
        }
        return kind;
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

    /** The head fields of the event before, which the next one is coded against; reset at each block. */
    static final class Previous {
        private long ts;
        private int pid;
        private int tid;
        private int cpu;
        private int typeCode;
        private EventKind kind;

        Previous() {
            reset();
        }

        void reset() {
            set(0, Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE, -1, null);
        }

        private void set(long ts, int pid, int tid, int cpu, int typeCode, EventKind kind) {
            this.ts = ts;
            this.pid = pid;
            this.tid = tid;
            this.cpu = cpu;
            this.typeCode = typeCode;
            this.kind = kind;
        }
    }
}
