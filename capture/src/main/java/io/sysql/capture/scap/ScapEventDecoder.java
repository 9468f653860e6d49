package io.sysql.capture.scap;

import io.sysql.capture.event.CpuTime;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.NamespaceIds;
import io.sysql.capture.event.TidMap;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.Linux;
import io.sysql.capture.event.SourceCounters;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns the capture's event stream into sysql events: a syscall's enter is held per thread until its exit
 * arrives, then both become one event (timestamp and result of the exit, latency between the two);
 * standalone events (procexit, procinfo, switch...) pass through as they are.
 */
final class ScapEventDecoder {
    private static final long NONE = Long.MIN_VALUE;
    private static final int MAX_COMM = 15;
    private static final int GENERIC_EXIT = 1;

    private final ScapEventType[] types = ScapEventType.all();
    private final EventParams exitParams = new EventParams();
    private final EventParams enterParams = new EventParams();
    private final ArgsFormatter args = new ArgsFormatter();
    /**
     * tid -> where its pending enter's block is: segment index in the high 32 bits, position of the block's
     * content (its cpu, then the event) in the low 32; the block's type, just before, tells the rest.
     */
    private final TidMap pendingEnters = new TidMap();
    /** The cpu of the enter {@link #pendingEnter} took last. */
    private int enterCpu;
    private final ScapInput input;
    private final TidMap pids;
    private final NamespaceIds namespaceIds;
    private final Event e;
    private final EventSink sink;
    private final SourceCounters counters;
    private final EventCounter counter;
    private final int snaplen;

    ScapEventDecoder(ScapInput input, EventSink sink, Event reused, TidMap pids, NamespaceIds namespaceIds,
            SourceCounters counters, EventCounter counter, int snaplen) {
        this.input = input;
        this.sink = sink;
        this.e = reused;
        this.pids = pids;
        this.namespaceIds = namespaceIds;
        this.counters = counters;
        this.counter = counter;
        this.snaplen = snaplen;
    }

    /**
     * One event, its block's content at {@code block} of segment {@code segment}, its header at {@code header}
     * (ts u64, tid u64, len u32, type u16, and nparams u32 when {@code hasParamCount}), ending at {@code end}.
     */
    void onEvent(ByteBuffer buf, int segment, int block, int header, int end, boolean hasParamCount, int cpu) {
        long ts = buf.getLong(header);
        int tid = (int) buf.getLong(header + 8);
        int code = buf.getShort(header + 20) & 0xFFFF;
        ScapEventType type = code < types.length ? types[code] : null;
        if (!locate(exitParams, buf, type, ts, header, end, hasParamCount)) {
            unknown(ts, tid, cpu, "undecodable parameters of event code " + code);
            return;
        }
        if (type == null || type.isUnused()) {
            unknown(ts, tid, cpu, "event code " + code + " " + args.format(null, exitParams));
            return;
        }
        if (type.enter) {
            // an enter while the thread's last call still waits for its exit: that call never returned (an
            // entry-only event of the old format, such as sigreturn, or an exit the capture lost)
            neverReturned(tid, pendingEnter(tid));
            pendingEnters.put(tid, (long) segment << 32 | block);
            return;
        }
        if (type.kind == EventKinds.PROCEXIT) {
            neverReturned(tid, pendingEnter(tid));
        }
        EventParams enter = type.standalone ? null : matchingEnter(tid, code);
        e.clear();
        e.ts = ts;
        e.latencyNs = enter == null ? 0 : Math.max(0, ts - enter.ts);
        e.cpu = cpu;
        e.tid = tid;
        e.pid = (int) pids.get(tid, tid);
        namespaceIds.applyTo(e);
        e.kind = type.kind;
        if (type.standalone) {
            decodeStandalone(type);
        } else {
            decodeSyscall(type, exitParams, enter);
        }
        sink.accept(e);
        counter.count(e.kind);
    }

    private static boolean locate(EventParams p, ByteBuffer buf, ScapEventType type, long ts, int header, int end,
            boolean hasParamCount) {
        int paramStart = header + (hasParamCount ? 26 : 22);
        int nparams = hasParamCount ? buf.getInt(header + 22) : -1;
        return paramStart <= end && p.locate(buf, type, ts, paramStart, end, nparams);
    }

    /** The thread's pending enter when it is this exit's; any other pending enter never returned. */
    private EventParams matchingEnter(int tid, int exitCode) {
        int code = pendingEnter(tid);
        if (code == exitCode - 1) {
            return enterParams;
        }
        neverReturned(tid, code);
        return null;
    }

    /**
     * Takes the thread's pending enter into {@link #enterParams} and {@link #enterCpu}; returns its event code,
     * or -1 when none.
     */
    private int pendingEnter(int tid) {
        long packed = pendingEnters.remove(tid, NONE);
        if (packed == NONE) {
            return -1;
        }
        ByteBuffer buf = input.segment((int) (packed >>> 32));
        int block = (int) packed;
        int blockType = buf.getInt(block - 8);
        int header = ScapBlockType.eventHeader(blockType, block);
        int code = buf.getShort(header + 20) & 0xFFFF;
        int end = header + buf.getInt(header + 16);
        enterCpu = buf.getShort(block) & 0xFFFF;
        return locate(enterParams, buf, types[code], buf.getLong(header), header, end,
                ScapBlockType.eventHasParamCount(blockType)) ? code : -1;
    }

    /**
     * The calls still waiting for their exit when the capture ends (blocked in futex, epoll_wait...) are kept
     * as the never-returned calls are, in the order the capture holds them.
     */
    void endOfCapture() {
        long[] pending = pendingEnters.values();
        Arrays.sort(pending); // in file order
        for (long packed : pending) {
            ByteBuffer buf = input.segment((int) (packed >>> 32));
            int block = (int) packed;
            int tid = (int) buf.getLong(ScapBlockType.eventHeader(buf.getInt(block - 8), block) + 8);
            neverReturned(tid, pendingEnter(tid));
        }
    }

    /**
     * A call that never returned (exit and exit_group never do; a dying thread's call does not): it is kept
     * as an event of its own, at its entry, with its arguments and no result. {@code code} is what
     * {@link #pendingEnter} took, -1 for nothing.
     */
    private void neverReturned(int tid, int code) {
        if (code < 0) {
            return;
        }
        EventParams n = enterParams;
        e.clear();
        e.ts = n.ts;
        e.cpu = enterCpu;
        e.tid = tid;
        e.pid = (int) pids.get(tid, tid);
        namespaceIds.applyTo(e);
        e.kind = code == GENERIC_EXIT - 1 ? genericKind(n, n) : types[code].kind;
        e.errno = Event.NO_EXIT;
        e.fd = (int) n.number(ParamField.FD, Event.NO_FD);
        e.args = args.format(null, n);
        sink.accept(e);
        counter.count(e.kind);
    }

    private void unknown(long ts, int tid, int cpu, String text) {
        e.clear();
        e.ts = ts;
        e.tid = tid;
        e.pid = (int) pids.get(tid, tid);
        e.cpu = cpu;
        e.kind = EventKinds.UNKNOWN;
        e.args = text;
        counters.increment(SourceCounters.PARSE_ERRORS);
        sink.accept(e);
        counter.count(e.kind);
    }

    private void decodeStandalone(ScapEventType type) {
        EventParams p = exitParams;
        if (type.kind == EventKinds.PROCEXIT) {
            procexit(p);
            pids.remove(e.tid, 0);
            namespaceIds.forget(e.tid);
            return;
        }
        e.args = args.format(null, p);
        if (type.kind == EventKinds.DROP) {
            counters.increment(SourceCounters.DROPS);
        } else if (type.kind == EventKinds.CONTAINER) {
            ScapContainers.describe(p, e);
        } else if (type.kind == EventKinds.PROCINFO) {
            // the driver's task_cputime_adjusted, in USER_HZ ticks as /proc gives them
            CpuTime.setTicks(e, p.number(ParamField.CPU_USR, 0), p.number(ParamField.CPU_SYS, 0));
        }
    }

    /** Old drivers give only the raw wait status; newer ones also the decoded code and signal. */
    private void procexit(EventParams p) {
        long status = p.number(ParamField.STATUS, 0);
        long sig = p.number(ParamField.SIG, -1);
        long ret = p.number(ParamField.RET, NONE);
        if (sig < 0) {
            sig = status & 0x7F;
            ret = (status >> 8) & 0xFF;
        }
        if (sig != 0) {
            e.exitCode = -1;
            e.signal = (int) sig;
        } else {
            e.exitCode = (int) (ret == NONE ? (status >> 8) & 0xFF : ret);
        }
    }

    /** A syscall's exit (and its enter, when seen) decoded by the shape its row of the table of kinds names. */
    private void decodeSyscall(ScapEventType type, EventParams x, EventParams n) {
        setResult(x);
        if (type.code == GENERIC_EXIT) {
            generic(x, n);
            return;
        }
        EventKind kind = type.kind;
        switch (kind.shape()) {
            case OPEN -> open(kind, x, n);
            case FD, LISTEN, FCHDIR -> {
                e.fd = fdFromEnter(n);
                if (n != null && n.has(ParamField.HOW)) {
                    e.flags = n.number(ParamField.HOW, 0); // shutdown's direction: PPM_SHUT_* are Linux's SHUT_*
                }
            }
            case DUP -> {
                e.fd = (int) pick(x, n, ParamField.OLDFD, ParamField.FD);
                e.fd2 = (int) x.number(ParamField.NEWFD, Event.NO_FD);
                e.flags = PpmFlags.openFlags(x.number(ParamField.FLAGS, 0)) & Linux.O_CLOEXEC;
            }
            case FCNTL -> {
                e.fd = fdFromEnter(n);
                e.flags = n == null ? -1 : PpmFlags.fcntlCommand(n.number(ParamField.CMD, 0));
            }
            case PIPE -> {
                e.fd = (int) x.number(ParamField.FD1, Event.NO_FD);
                e.fd2 = (int) x.number(ParamField.FD2, Event.NO_FD);
                e.fdType = FdType.PIPE;
                e.flags = PpmFlags.openFlags(x.number(ParamField.FLAGS, 0));
                if (x.has(ParamField.INO)) {
                    // as the kernel names it in /proc/PID/fd, hence as the capture's fd list does
                    e.path = "pipe:[" + x.number(ParamField.INO, 0) + "]";
                }
            }
            case SOCKET, SOCKETPAIR -> socket(x, n);
            case BIND -> {
                e.fd = fdFromEnter(n);
                addressOf(x, true);
            }
            case CONNECT -> connect(x, n);
            case ACCEPT -> {
                if (x.has(ParamField.TUPLE)) {
                    SocketAddresses.readTuple(x, x.type.index(ParamField.TUPLE), e, false);
                }
                e.flags = n == null ? 0 : n.number(ParamField.FLAGS, 0);
            }
            case NEW_FD -> {
                created(kind.creates(), x, n);
                if (kind.argIndex(EventKind.Arg.PATH) >= 0) {
                    e.path = x.string(ParamField.NAME);
                }
                if (kind.argIndex(EventKind.Arg.PID) >= 0) {
                    e.targetPid = (int) x.number(ParamField.PID, Event.UNSET);
                }
            }
            case COPY_FD -> {
                e.fd = (int) x.number(ParamField.PID_FD, Event.NO_FD);
                e.fd2 = (int) x.number(ParamField.TARGET_FD, Event.NO_FD);
                e.flags = x.number(ParamField.FLAGS, 0);
            }
            case CLONE -> fork(kind, x);
            case EXEC -> execve(x, n);
            case CHDIR -> e.path = x.string(ParamField.PATH);
            case SET_UID -> e.uid = (int) (n == null ? Event.UNSET : pick(n, null, ParamField.UID, ParamField.EUID));
            case SET_GID -> e.gid = (int) (n == null ? Event.UNSET : pick(n, null, ParamField.GID, ParamField.EGID));
            default -> {
                if (x.has(ParamField.DATA)) {
                    data(x, n);
                } else {
                    e.fd = fdFromEnter(n);
                    e.args = args.format(n, x);
                    if (kind.creates() != null && e.errno == 0) {
                        created(kind.creates(), x, n);
                    }
                }
            }
        }
    }

    /** A generic event: a call the driver has no event of its own for, named by its code. */
    private void generic(EventParams x, EventParams n) {
        e.kind = genericKind(x, n);
        e.args = args.format(n, x);
        if (e.kind.isEntryOnly()) {
            e.res = 0; // rt_sigreturn's exit holds the interrupted code's register, not a result
            e.errno = Event.NO_EXIT;
        }
    }

    /** A generic event's call: by the driver's code, else by the enter's x86_64 number. */
    private static EventKind genericKind(EventParams x, EventParams n) {
        String name = SyscallNames.of((int) x.number(ParamField.ID, 0));
        return EventKinds.of(name.equals("syscall") && n != null ? SyscallNames.ofNative((int) n.number(ParamField.NATIVEID, -1)) : name);
    }

    private void connect(EventParams x, EventParams n) {
        e.fd = (int) pick(x, n, ParamField.FD, ParamField.FD);
        if (x.has(ParamField.TUPLE)) {
            SocketAddresses.readTuple(x, x.type.index(ParamField.TUPLE), e, true);
        } else if (n != null && n.has(ParamField.ADDR)) {
            SocketAddresses.readAddress(n, n.type.index(ParamField.ADDR), e, false);
        }
    }

    /**
     * The first exit parameter is the call's result for every syscall exit in the table, except generic
     * events, whose exit only repeats the syscall's id.
     */
    private void setResult(EventParams x) {
        if (x.count() == 0 || x.type.code == GENERIC_EXIT || !x.isNumber(0)
                || x.type.paramKinds[0] != ScapEventType.INTEGER) {
            return;
        }
        long res = x.number(0);
        if (res < 0 && res >= -4095) {
            e.errno = (int) -res;
            e.res = -1;
        } else {
            e.res = res;
        }
    }

    /** A parameter from the exit if it has it, else from the enter; -1 when neither does. */
    private static long pick(EventParams x, EventParams n, ParamField fromExit, ParamField fromEnter) {
        long v = x.number(fromExit, NONE);
        if (v == NONE && n != null) {
            v = n.number(fromEnter, NONE);
        }
        return v == NONE ? Event.NO_FD : v;
    }

    private int fdFromEnter(EventParams n) {
        return n == null ? Event.NO_FD : (int) n.number(ParamField.FD, Event.NO_FD);
    }

    private void open(EventKind kind, EventParams x, EventParams n) {
        e.path = x.string(ParamField.NAME);
        if (e.path == null && n != null) {
            e.path = n.string(ParamField.NAME);
        }
        if (e.path == null) {
            e.path = x.string(ParamField.PATH);
        }
        long flags = x.number(ParamField.FLAGS, NONE);
        if (flags == NONE && n != null) {
            flags = n.number(ParamField.FLAGS, NONE);
        }
        e.flags = kind.impliedFlags() != 0 ? kind.impliedFlags() : flags == NONE ? 0 : PpmFlags.openFlags(flags);
        long mode = x.number(ParamField.MODE, NONE);
        if (mode == NONE && n != null) {
            mode = n.number(ParamField.MODE, 0);
        }
        e.mode = mode == NONE ? 0 : mode;
        e.fdType = (e.flags & Linux.O_DIRECTORY) != 0 ? FdType.DIRECTORY : FdType.FILE;
    }

    private void socket(EventParams x, EventParams n) {
        if (x.has(ParamField.FD1)) {
            e.fd = (int) x.number(ParamField.FD1, Event.NO_FD);
            e.fd2 = (int) x.number(ParamField.FD2, Event.NO_FD);
        }
        if (n == null) {
            return;
        }
        int family = (int) n.number(ParamField.DOMAIN, 0);
        long sockType = n.number(ParamField.TYPE, 0);
        e.sockFamily = family;
        e.fdType = FdType.ofSocketFamily(family);
        e.flags = sockType;
        e.mode = n.number(ParamField.PROTO, 0);
        if (family == Linux.AF_INET || family == Linux.AF_INET6) {
            switch ((int) (sockType & 0xF)) {
                case 1: e.l4proto = "tcp"; break;
                case 2: e.l4proto = "udp"; break;
                case 3: e.l4proto = "raw"; break;
                default: break;
            }
        }
    }

    private void addressOf(EventParams x, boolean local) {
        if (x.has(ParamField.ADDR)) {
            SocketAddresses.readAddress(x, x.type.index(ParamField.ADDR), e, local);
        }
    }

    private void created(FdType type, EventParams x, EventParams n) {
        e.fdType = type;
        long flags = x.number(ParamField.FLAGS, NONE);
        if (flags == NONE && n != null) {
            flags = n.number(ParamField.FLAGS, 0);
        }
        e.flags = flags == NONE ? 0 : flags;
    }

    private void fork(EventKind kind, EventParams x) {
        long flags = x.number(ParamField.FLAGS, NONE);
        e.flags = flags != NONE ? PpmFlags.cloneFlags(flags) : kind.impliedFlags();
        processInfo(x);
        int pid = (int) x.number(ParamField.PID, e.pid);
        if (x.has(ParamField.VTID)) {
            // the exit's ids are its caller's: the parent's in the parent, the child's in the child
            e.vtid = (int) x.number(ParamField.VTID, Event.UNSET);
            e.vpid = (int) x.number(ParamField.VPID, Event.UNSET);
            namespaceIds.remember(e.tid, e.vpid, e.vtid);
        }
        if (e.res == 0 && e.errno == 0) {
            // the child's own return: its params describe the child
            e.pid = pid;
            pids.put(e.tid, pid);
        } else if (e.res > 0 && (e.vtid < 0 || e.vtid == e.tid)) {
            // (a caller inside a pid namespace gets its child's id there, which is no host tid)
            pids.put((int) e.res, (e.flags & Linux.CLONE_THREAD) != 0 ? pid : e.res);
        }
    }

    private void processInfo(EventParams x) {
        String argv0 = x.string(ParamField.EXE);
        e.exe = argv0;
        e.args = joinArgs(argv0, x);
        e.name = x.string(ParamField.COMM);
        e.cwd = x.string(ParamField.CWD);
        e.ppid = (int) x.number(ParamField.PTID, 0);
        e.fdLimit = x.number(ParamField.FDLIMIT, 0);
        e.vmSizeKb = x.number(ParamField.VM_SIZE, 0);
        e.vmRssKb = x.number(ParamField.VM_RSS, 0);
        e.uid = (int) x.number(ParamField.UID, Event.UNSET);
        e.gid = (int) x.number(ParamField.GID, Event.UNSET);
        e.containerId = ScapContainers.idOfCgroups(x.string(ParamField.CGROUPS));
    }

    private static String joinArgs(String argv0, EventParams x) {
        int i = x.type.index(ParamField.ARGS);
        StringBuilder sb = new StringBuilder(argv0 == null ? "" : argv0);
        if (x.has(i)) {
            ByteBuffer b = x.buffer();
            int start = x.offset(i);
            int end = start + x.length(i);
            for (int k = start; k <= end; k++) {
                if (k == end || b.get(k) == 0) {
                    if (k > start) {
                        if (sb.length() > 0) {
                            sb.append(' ');
                        }
                        sb.append(EventParams.decode(b, start, k - start));
                    }
                    start = k + 1;
                }
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private void execve(EventParams x, EventParams n) {
        String file = n == null ? null : pickString(n, ParamField.FILENAME, ParamField.PATHNAME);
        if (file == null || file.isEmpty()) {
            file = x.string(ParamField.TRUSTED_EXEPATH);
        }
        if (e.errno != 0) {
            e.path = file;
            return;
        }
        processInfo(x);
        if (file == null || file.isEmpty()) {
            file = e.exe;
        }
        e.path = file;
        e.exe = file;
        if (e.name == null && file != null) {
            String base = file.substring(file.lastIndexOf('/') + 1);
            e.name = base.length() > MAX_COMM ? base.substring(0, MAX_COMM) : base;
        }
        int pid = (int) x.number(ParamField.PID, e.pid);
        e.pid = pid;
        pids.put(e.tid, pid);
    }

    private static String pickString(EventParams p, ParamField a, ParamField b) {
        String s = p.string(a);
        return s != null ? s : p.string(b);
    }

    private void data(EventParams x, EventParams n) {
        e.fd = fdFromEnter(n);
        int i = x.type.index(ParamField.DATA);
        long moved = e.res > 0 ? e.res : 0;
        e.data = moved == 0 ? null : x.bytes(i, (int) Math.min(snaplen, moved));
        int tuple = x.type.index(ParamField.TUPLE);
        if (x.has(tuple) && x.length(tuple) > 0) {
            SocketAddresses.readTuple(x, tuple, e, e.kind.name().startsWith("send"));
        }
    }
}
