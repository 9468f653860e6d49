package io.sysql.capture.scap;

import io.sysql.capture.event.Linux;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.NamespaceIds;
import io.sysql.capture.event.TidMap;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SocketState;
import io.sysql.capture.event.SourceCounters;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the capture's starting tables (process list, fd lists, user list) into snapshot events. Layouts
 * grow by version: each version appends fields, and from process list v9 / fd list v2 / user list v2 on
 * every entry starts with its own length so that later fields can be skipped.
 *
 * <p>An fd list says which sockets listen but not which side of a connection a socket is (the format
 * has no role bits): like libsinsp, a connection whose local port some listening socket of the same
 * protocol has is the server side. The connections are therefore held until every fd list is read.
 */
final class SnapshotDecoder {
    private static final int USER_ENTRY = 0;

    private final EventSink sink;
    private final Event e;
    private final TidMap pids;
    private final NamespaceIds namespaceIds;
    private final EventCounter counter;
    private final SourceCounters counters;
    private final List<Event> connections = new ArrayList<>();
    private final Set<String> listeningPorts = new HashSet<>();

    SnapshotDecoder(EventSink sink, Event reused, TidMap pids, NamespaceIds namespaceIds, EventCounter counter,
            SourceCounters counters) {
        this.counters = counters;
        this.sink = sink;
        this.e = reused;
        this.pids = pids;
        this.namespaceIds = namespaceIds;
        this.counter = counter;
    }

    private static final class Thread {
        long tid;
        long pid;
        long ptid;
        long vtid = Event.UNSET;
        long vpid = Event.UNSET;
        String comm;
        String exe;
        String args;
        String cwd;
        long fdlimit;
        int uid;
        int gid;
        long vmSizeKb;
        long vmRssKb;
        String cgroups;
    }

    /** Processes first (each thread group once, from its main thread), then every thread. */
    void processList(ByteBuffer buf, long base, int start, int end, int version) {
        BlockCursor c = new BlockCursor(buf, base, start, end);
        List<Thread> threads = new ArrayList<>();
        while (c.remaining() >= 4) {
            Thread t = readThread(c, version);
            if (t == null) {
                counters.increment(SourceCounters.DAMAGED_PROCESS_ENTRIES);
                continue;
            }
            threads.add(t);
            pids.put((int) t.tid, t.pid);
            namespaceIds.remember((int) t.tid, t.vpid, t.vtid);
        }
        for (Thread t : threads) {
            if (t.tid == t.pid) {
                e.clear();
                e.kind = EventKinds.SNAP_PROCESS;
                e.pid = (int) t.pid;
                e.tid = (int) t.tid;
                e.ppid = (int) pids.get((int) t.ptid, t.ptid);
                namespaceIds.applyTo(e);
                fillProcess(t);
                emit();
            }
        }
        for (Thread t : threads) {
            e.clear();
            e.kind = EventKinds.SNAP_THREAD;
            e.pid = (int) t.pid;
            e.tid = (int) t.tid;
            e.ppid = (int) pids.get((int) t.ptid, t.ptid);
            namespaceIds.applyTo(e);
            e.name = t.comm;
            emit();
        }
    }

    private void fillProcess(Thread t) {
        e.name = t.comm;
        e.exe = t.exe;
        e.args = t.args;
        e.cwd = t.cwd;
        e.uid = t.uid;
        e.gid = t.gid;
        e.fdLimit = t.fdlimit;
        e.vmSizeKb = t.vmSizeKb;
        e.vmRssKb = t.vmRssKb;
        e.containerId = ScapContainers.idOfCgroups(t.cgroups);
    }

    /**
     * One entry, or null for an entry whose fields run past its own length (a damaged string length):
     * the cursor is then past it, at the next entry, and the rest of the list is read.
     */
    private static Thread readThread(BlockCursor c, int version) {
        int entryStart = c.position();
        long entryLength = version >= 9 ? c.u32() : 0;
        if (entryLength == 0) {
            return readFields(c, version);
        }
        int entryEnd = entryStart + (int) entryLength;
        Thread t;
        try {
            t = readFields(c, version);
        } catch (BlockCursor.MalformedBlockException e) {
            t = null;
        }
        boolean fits = t != null && c.position() <= entryEnd;
        c.toEntryEnd(entryStart, entryEnd);
        return fits ? t : null;
    }

    private static Thread readFields(BlockCursor c, int version) {
        Thread t = new Thread();
        t.tid = c.i64();
        t.pid = c.i64();
        t.ptid = c.i64();
        if (version >= 6) {
            c.i64(); // session id
        }
        if (version >= 8) {
            c.i64(); // process group id as seen in its namespace
        }
        t.comm = c.string16();
        String argv0 = c.string16();
        String exePath = version >= 7 ? c.string16() : "";
        String rest = c.args16();
        t.exe = exePath.isEmpty() ? argv0 : exePath;
        t.args = rest.isEmpty() ? argv0 : argv0 + " " + rest;
        t.cwd = c.string16();
        t.fdlimit = c.i64();
        c.i32(); // flags
        t.uid = c.i32();
        t.gid = c.i32();
        if (version >= 2) {
            t.vmSizeKb = c.u32();
            t.vmRssKb = c.u32();
            c.u32(); // swap
            c.i64(); // major faults
            c.i64(); // minor faults
            if (version >= 3) {
                c.skip(c.u16()); // environment
            }
            if (version >= 4) {
                t.vtid = c.i64();
                t.vpid = c.i64();
                t.cgroups = c.string16();
                if (version >= 5) {
                    c.skip(c.u16()); // root
                }
            }
        }
        return t;
    }

    void fdList(ByteBuffer buf, long base, int start, int end, boolean withEntryLengths) {
        BlockCursor c = new BlockCursor(buf, base, start, end);
        int tid = (int) c.i64();
        int pid = (int) pids.get(tid, tid);
        while (c.remaining() >= 4) {
            int entryStart = c.position();
            long entryLength = withEntryLengths ? c.u32() : 0;
            e.clear();
            e.kind = EventKinds.SNAP_FD;
            e.pid = pid;
            e.tid = tid;
            e.fd = (int) c.i64();
            c.i64(); // inode
            int type = c.u8();
            readFd(c, type, c.captureOffset(entryStart), entryLength);
            if (entryLength > 0) {
                c.seek(entryStart + (int) entryLength);
            }
            if (e.fdType != null && e.fdType.isIp() && !e.isServer) {
                connections.add(new Event().copyFrom(e));
            } else {
                if (e.isServer && e.fdType != null && e.fdType.isIp()) {
                    listeningPorts.add(portKey(e));
                }
                emit();
            }
        }
    }

    /** Emits the connections of the fd lists with their role; called once the snapshot blocks are over. */
    void endOfSnapshot() {
        for (Event connection : connections) {
            e.copyFrom(connection);
            e.isServer = listeningPorts.contains(portKey(e));
            emit();
        }
        connections.clear();
    }

    private static String portKey(Event socket) {
        return socket.l4proto + ":" + socket.localPort;
    }

    private void readFd(BlockCursor c, int type, long entryOffset, long entryLength) {
        switch (type) {
            case 3: // ipv4 socket
                socket(FdType.IPV4, Linux.AF_INET);
                e.localIp = c.ipv4();
                e.remoteIp = c.ipv4();
                e.localPort = c.u16();
                e.remotePort = c.u16();
                e.l4proto = l4proto(c.u8());
                e.sockState = connectionState();
                return;
            case 4: // ipv6 socket
                socket(FdType.IPV6, Linux.AF_INET6);
                e.localIp = c.ipv6();
                e.remoteIp = c.ipv6();
                e.localPort = c.u16();
                e.remotePort = c.u16();
                e.l4proto = l4proto(c.u8());
                e.sockState = connectionState();
                return;
            case 5: // ipv4 server socket
                socket(FdType.IPV4, Linux.AF_INET);
                e.isServer = true;
                e.localIp = c.ipv4();
                e.localPort = c.u16();
                e.l4proto = l4proto(c.u8());
                e.sockState = "tcp".equals(e.l4proto) ? SocketState.LISTEN : SocketState.unconnected(e.l4proto);
                return;
            case 6: // ipv6 server socket
                socket(FdType.IPV6, Linux.AF_INET6);
                e.isServer = true;
                e.localIp = c.ipv6();
                e.localPort = c.u16();
                e.l4proto = l4proto(c.u8());
                e.sockState = "tcp".equals(e.l4proto) ? SocketState.LISTEN : SocketState.unconnected(e.l4proto);
                return;
            case 8: // unix socket
                socket(FdType.UNIX, Linux.AF_UNIX);
                c.i64(); // source endpoint
                c.i64(); // destination endpoint
                e.path = nullIfEmpty(withoutWritersNewline(c.string16()));
                // only the bound side of a unix connection has a path: the listening or accepted one
                e.isServer = e.path != null;
                return;
            case 16: // file with open flags
                e.fdType = FdType.FILE;
                e.flags = PpmFlags.openFlags(c.u32());
                e.path = c.string16();
                return;
            case 0:
                e.fdType = FdType.OTHER;
                return;
            default:
                FdType t = simpleFdType(type);
                if (t == null) {
                    if (entryLength == 0) {
                        throw new BlockCursor.MalformedBlockException("unknown fd type " + type
                                + " in an fd list without entry lengths at offset " + entryOffset);
                    }
                    e.fdType = FdType.OTHER;
                    return;
                }
                e.fdType = t;
                if (t == FdType.NETLINK) {
                    e.sockFamily = Linux.AF_NETLINK;
                }
                e.path = nullIfEmpty(c.string16());
        }
    }

    private static FdType simpleFdType(int type) {
        switch (type) {
            case 1: return FdType.FILE;
            case 2: return FdType.DIRECTORY;
            case 7: return FdType.PIPE;
            case 9: return FdType.EVENT;
            case 11: return FdType.SIGNALFD;
            case 12: return FdType.EVENTPOLL;
            case 13: return FdType.INOTIFY;
            case 14: return FdType.TIMERFD;
            case 15: return FdType.NETLINK;
            case 20: return FdType.MEMFD;
            case 21: return FdType.PIDFD;
            case 10: case 17: case 18: case 19: return FdType.OTHER;
            default: return null;
        }
    }

    /** The fd list has no state: a TCP socket there is connected (sysdig takes it so too), a datagram one by its peer. */
    private String connectionState() {
        boolean peer = e.remotePort != 0;
        return "tcp".equals(e.l4proto) || peer ? SocketState.ESTABLISHED : SocketState.unconnected(e.l4proto);
    }

    private void socket(FdType type, int family) {
        e.fdType = type;
        e.sockFamily = family;
    }

    static String l4proto(int scapL4) {
        switch (scapL4) {
            case 2: return "tcp";
            case 3: return "udp";
            case 4: case 5: return "raw";
            default: return null;
        }
    }

    /** The writer copies unix paths from /proc/net/unix lines with their line end; the kernel's path has none. */
    private static String withoutWritersNewline(String path) {
        return path.endsWith("\n") ? path.substring(0, path.length() - 1) : path;
    }

    private static String nullIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }

    void userList(ByteBuffer buf, long base, int start, int end, boolean withEntryLengths) {
        BlockCursor c = new BlockCursor(buf, base, start, end);
        while (c.remaining() >= 4) {
            int entryStart = c.position();
            long entryLength = withEntryLengths ? c.u32() : 0;
            e.clear();
            if (c.u8() == USER_ENTRY) {
                e.kind = EventKinds.SNAP_USER;
                e.uid = c.i32();
                e.gid = c.i32();
                e.name = c.string16();
                e.home = c.string16();
                e.shell = c.string16();
            } else {
                e.kind = EventKinds.SNAP_GROUP;
                e.gid = c.i32();
                e.name = c.string16();
            }
            if (entryLength > 0) {
                c.seek(entryStart + (int) entryLength);
            }
            emit();
        }
    }

    private void emit() {
        sink.accept(e);
        counter.count(e.kind);
    }
}
