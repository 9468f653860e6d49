package io.sysql.storage.state;

import static io.sysql.capture.event.Linux.*;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SocketState;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.ProcessRow;

import java.util.EnumMap;
import java.util.Map;

/**
 * The handler of each kind of effect on state ({@link EventKind.Effect}), each a few lines; which events
 * have which effect is in {@link EventKinds}.
 */
final class Effects {
    private Effects() {
    }

    /** An effect, and whether the event is a call made by a thread (so the thread must exist). */
    record Kind(Effect effect, boolean actsAsThread) {
    }

    private static final long SOCK_FLAGS = O_CLOEXEC | O_NONBLOCK;
    private static final int EINPROGRESS = 115;

    private static final Map<EventKind.Effect, Effect> HANDLERS = new EnumMap<>(EventKind.Effect.class);

    static {
        HANDLERS.put(EventKind.Effect.NONE, Effects::refreshFd);
        HANDLERS.put(EventKind.Effect.OPEN_FILE, Effects::openFile);
        HANDLERS.put(EventKind.Effect.CLOSE, Effects::close);
        HANDLERS.put(EventKind.Effect.CLOSE_RANGE, Effects::closeRange);
        HANDLERS.put(EventKind.Effect.DUP, Effects::dup);
        HANDLERS.put(EventKind.Effect.FCNTL, Effects::fcntl);
        HANDLERS.put(EventKind.Effect.PIPE, Effects::pipe);
        HANDLERS.put(EventKind.Effect.SOCKETPAIR, Effects::socketpair);
        HANDLERS.put(EventKind.Effect.SOCKET, Effects::socket);
        HANDLERS.put(EventKind.Effect.BIND_OR_CONNECT, Effects::bindOrConnect);
        HANDLERS.put(EventKind.Effect.LISTEN, Effects::listen);
        HANDLERS.put(EventKind.Effect.SHUTDOWN, Effects::shutdown);
        HANDLERS.put(EventKind.Effect.PEER_NAME, Effects::peerName);
        HANDLERS.put(EventKind.Effect.ACCEPT, Effects::accept);
        HANDLERS.put(EventKind.Effect.NEW_FD, Effects::anonymousFd);
        HANDLERS.put(EventKind.Effect.COPY_FD, Effects::copyFd);
        HANDLERS.put(EventKind.Effect.CLONE, Effects::cloneOrFork);
        HANDLERS.put(EventKind.Effect.EXEC, Effects::exec);
        HANDLERS.put(EventKind.Effect.EXIT_GROUP, Effects::exitGroup);
        HANDLERS.put(EventKind.Effect.CHDIR, Effects::chdir);
        HANDLERS.put(EventKind.Effect.SET_IDS, Effects::setIds);
        HANDLERS.put(EventKind.Effect.PROCEXIT, Effects::procexit);
        HANDLERS.put(EventKind.Effect.SNAP_USER, Effects::snapUser);
        HANDLERS.put(EventKind.Effect.SNAP_GROUP, Effects::snapGroup);
        HANDLERS.put(EventKind.Effect.SNAP_PROCESS, Effects::snapProcess);
        HANDLERS.put(EventKind.Effect.SNAP_THREAD, Effects::snapThread);
        HANDLERS.put(EventKind.Effect.SNAP_FD, Effects::snapFd);
        HANDLERS.put(EventKind.Effect.DROP, (e, s) -> s.beginResync());
        HANDLERS.put(EventKind.Effect.RESYNC, (e, s) -> s.endResync());
        HANDLERS.put(EventKind.Effect.CONTAINER, Effects::container);
        HANDLERS.put(EventKind.Effect.CPU_TIME, Effects::cpuTime);
    }

    private static final Map<EventKind.Effect, Kind> CALLS = new EnumMap<>(EventKind.Effect.class);
    private static final Map<EventKind.Effect, Kind> NOT_CALLS = new EnumMap<>(EventKind.Effect.class);

    static {
        HANDLERS.forEach((effect, handler) -> {
            CALLS.put(effect, new Kind(handler, true));
            NOT_CALLS.put(effect, new Kind(effect == EventKind.Effect.NONE ? (e, s) -> { } : handler, false));
        });
    }

    /**
     * The handler of the event's kind. A call with no effect may still show what an fd is now; events that
     * are not calls (the snapshot, bookkeeping, drops) never create the process or thread they name.
     */
    static Kind of(EventKind kind) {
        return (kind.isCall() ? CALLS : NOT_CALLS).get(kind.effect());
    }

    private static LiveProcess caller(Event e, StateMachine s) {
        return s.processOfThread(e.pid, e.tid, e.name);
    }

    // ---------------------------------------------------------------- fds

    private static void openFile(Event e, StateMachine s) {
        if (e.failed() || e.res < 0) {
            return;
        }
        FdType type = e.fdType != null ? e.fdType : (e.flags & O_DIRECTORY) != 0 ? FdType.DIRECTORY : FdType.FILE;
        e.fd = (int) e.res;
        s.openFd(caller(e, s), StateMachine.newFd(e.fd, type, e.path, e.flags));
    }

    private static void close(Event e, StateMachine s) {
        if (!e.failed()) {
            s.closeFd(caller(e, s), e.fd);
        }
    }

    private static void closeRange(Event e, StateMachine s) {
        if (e.failed()) {
            return;
        }
        LiveProcess p = caller(e, s);
        long last = e.fd2 < 0 ? Integer.MAX_VALUE : e.fd2;
        for (FdRow f : p.fds.inOrder()) {
            if (f.fd < e.fd || f.fd > last) {
                continue;
            }
            if ((e.flags & CLOSE_RANGE_CLOEXEC) != 0) {
                FdRow.Builder b = f.toBuilder();
                b.flags |= O_CLOEXEC;
                s.updateFd(p, b);
            } else {
                s.closeFd(p, f.fd);
            }
        }
    }

    private static void dup(Event e, StateMachine s) {
        if (!e.failed() && e.res >= 0) {
            duplicate(e, s, (e.flags & O_CLOEXEC) != 0);
        }
    }

    private static void duplicate(Event e, StateMachine s, boolean cloexec) {
        LiveProcess p = caller(e, s);
        int newFd = (int) e.res;
        FdRow old = s.fd(p, e.fd);
        if (old == null) {
            s.openFd(p, StateMachine.newFd(newFd, e.fdType == null ? FdType.OTHER : e.fdType, e.path, 0));
            return;
        }
        if (newFd == e.fd) {
            return;
        }
        FdRow.Builder b = old.toBuilder();
        b.fd = newFd;
        b.openedNum = 0;
        b.flags = cloexec ? old.flags | O_CLOEXEC : old.flags & ~O_CLOEXEC;
        s.openFd(p, b);
    }

    private static void fcntl(Event e, StateMachine s) {
        if (e.failed()) {
            return;
        }
        int cmd = (int) e.flags;
        if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
            duplicate(e, s, cmd == F_DUPFD_CLOEXEC);
        } else if (cmd == F_SETFD || cmd == F_SETFL) {
            LiveProcess p = caller(e, s);
            FdRow f = s.fd(p, e.fd);
            if (f == null) {
                return;
            }
            FdRow.Builder b = f.toBuilder();
            if (cmd == F_SETFD) {
                b.flags = (e.mode & FD_CLOEXEC) != 0 ? f.flags | O_CLOEXEC : f.flags & ~O_CLOEXEC;
            } else {
                b.flags = (f.flags & (O_ACCMODE | O_CLOEXEC)) | (e.mode & ~(O_ACCMODE | O_CLOEXEC));
            }
            if (b.flags != f.flags) {
                s.updateFd(p, b);
            }
        }
    }

    private static void pipe(Event e, StateMachine s) {
        if (e.failed() || e.fd < 0) {
            return;
        }
        LiveProcess p = caller(e, s);
        long cloexec = e.flags & O_CLOEXEC;
        String name = e.path != null ? e.path : "pipe";
        s.openFd(p, StateMachine.newFd(e.fd, FdType.PIPE, name, cloexec));
        if (e.fd2 >= 0) {
            s.openFd(p, StateMachine.newFd(e.fd2, FdType.PIPE, name, cloexec | O_WRONLY));
        }
    }

    private static void socketpair(Event e, StateMachine s) {
        if (e.failed() || e.fd < 0) {
            return;
        }
        LiveProcess p = caller(e, s);
        for (int fd : new int[] {e.fd, e.fd2}) {
            if (fd >= 0) {
                FdRow.Builder b = StateMachine.newFd(fd, FdType.UNIX, e.path, e.flags & SOCK_FLAGS);
                b.sockFamily = 1;
                b.l4proto = l4proto(e);
                s.openFd(p, b);
            }
        }
    }

    private static void socket(Event e, StateMachine s) {
        if (e.failed() || e.res < 0) {
            return;
        }
        e.fd = (int) e.res;
        FdRow.Builder b = StateMachine.newFd(e.fd, socketType(e), e.path, e.flags & SOCK_FLAGS);
        b.sockFamily = e.sockFamily;
        b.l4proto = l4proto(e);
        b.sockState = b.type.isIp() ? SocketState.unconnected(b.l4proto) : null;
        takeEndpoints(b, e);
        s.openFd(caller(e, s), b.nameFromEndpoints());
    }

    private static FdType socketType(Event e) {
        if (e.fdType != null) {
            return e.fdType;
        }
        return FdType.ofSocketFamily(e.sockFamily);
    }

    private static String l4proto(Event e) {
        if (e.l4proto != null) {
            return e.l4proto;
        }
        switch ((int) (e.flags & SOCK_TYPE_MASK)) {
            case 1: return "tcp";
            case 2: return "udp";
            case 3: return "raw";
            default: return null;
        }
    }

    private static void bindOrConnect(Event e, StateMachine s) {
        boolean connected = !e.failed() || e.errno == EINPROGRESS;
        if (!connected) {
            return;
        }
        LiveProcess p = caller(e, s);
        FdRow f = s.fd(p, e.fd);
        if (f == null) {
            return;
        }
        FdRow.Builder b = f.toBuilder();
        takeEndpoints(b, e);
        if (e.kind == EventKinds.CONNECT) {
            b.isServer = false;
            b.sockState = connectedState(b, e);
        }
        if (b.type == FdType.UNIX && e.path != null) {
            b.name = e.path;
        }
        FdRow updated = s.updateFd(p, b.nameFromEndpoints());
        if (e.kind == EventKinds.CONNECT && updated.type.isIp() && updated.remoteIp != null && updated.localPort == 0) {
            s.awaitLocalEnd(p, updated);
        }
    }

    private static void listen(Event e, StateMachine s) {
        if (e.failed()) {
            return;
        }
        LiveProcess p = caller(e, s);
        FdRow f = s.fd(p, e.fd);
        if (f == null) {
            return;
        }
        FdRow.Builder b = f.toBuilder();
        takeEndpoints(b, e);
        b.isServer = true;
        b.sockState = SocketState.LISTEN;
        s.updateFd(p, b.nameFromEndpoints());
    }

    private static void accept(Event e, StateMachine s) {
        if (e.failed() || e.res < 0) {
            return;
        }
        LiveProcess p = caller(e, s);
        FdRow listening = s.fd(p, e.fd);
        FdRow.Builder b;
        if (listening != null) {
            b = listening.toBuilder();
            b.openedNum = 0;
            b.remoteIp = null;
            b.remotePort = 0;
        } else {
            b = StateMachine.newFd(0, socketType(e), e.path, 0);
            b.sockFamily = e.sockFamily;
            b.l4proto = l4proto(e);
        }
        b.fd = (int) e.res;
        b.flags = e.flags & SOCK_FLAGS;
        b.isServer = true;
        b.sockState = b.type.isSocket() ? SocketState.ESTABLISHED : null;
        takeEndpoints(b, e);
        if (b.type == FdType.UNIX && e.path != null) {
            b.name = e.path;
        }
        // The listening fd's description is not the accepted one's: annotate the event with the new fd.
        FdRow accepted = s.openFd(p, b.nameFromEndpoints());
        e.fdName = accepted.name;
        if (accepted.type.isIp() && accepted.localIp != null && accepted.remoteIp != null) {
            s.completePeer(accepted.localIp, accepted.localPort, accepted.remoteIp, accepted.remotePort);
        }
    }

    /**
     * After connect: ss's state. A non-blocking TCP connect is SYN_SENT until data first moves on it
     * or getpeername succeeds (see {@link #refreshFd}); a connected datagram socket is ESTABLISHED, as ss shows it.
     */
    private static String connectedState(FdRow.Builder b, Event e) {
        if (!b.type.isSocket()) {
            return b.sockState;
        }
        return "tcp".equals(b.l4proto) && e.errno == EINPROGRESS ? SocketState.SYN_SENT : SocketState.ESTABLISHED;
    }

    /**
     * shutdown(2) as ss shows it afterwards: sending shut (SHUT_WR, SHUT_RDWR) on a connection makes it
     * FIN_WAIT2 once the peer acknowledges, or closed when the peer had already shut its side.
     */
    private static void shutdown(Event e, StateMachine s) {
        if (e.failed() || (e.flags != SHUT_WR && e.flags != SHUT_RDWR)) {
            return;
        }
        LiveProcess p = caller(e, s);
        FdRow f = s.fd(p, e.fd);
        if (f == null || !f.type.isIp() || !"tcp".equals(f.l4proto)) {
            return;
        }
        String after = SocketState.CLOSE_WAIT.equals(f.sockState) ? SocketState.CLOSE : SocketState.FIN_WAIT2;
        if (!after.equals(f.sockState)) {
            FdRow.Builder b = f.toBuilder();
            b.sockState = after;
            s.updateFd(p, b);
        }
    }

    private static void takeEndpoints(FdRow.Builder b, Event e) {
        if (e.localIp != null) {
            b.localIp = e.localIp;
            b.localPort = e.localPort;
        }
        if (e.remoteIp != null) {
            b.remoteIp = e.remoteIp;
            b.remotePort = e.remotePort;
        }
        if (e.sockFamily != 0 && b.sockFamily == 0) {
            b.sockFamily = e.sockFamily;
        }
    }

    private static void anonymousFd(Event e, StateMachine s) {
        if (e.failed() || e.res < 0) {
            return;
        }
        FdType created = e.kind.creates();
        FdType type = e.fdType != null ? e.fdType : created != null ? created : FdType.OTHER;
        String name = e.path != null ? e.path : "anon_inode:[" + type.sqlName() + "]";
        e.fd = (int) e.res;
        FdRow opened = s.openFd(caller(e, s), StateMachine.newFd(e.fd, type, name, e.flags & O_CLOEXEC));
        if (type == FdType.PIDFD && e.targetPid > 0) {
            s.pidfdTargets.put(opened.ufd, e.targetPid);
        }
    }

    /**
     * pidfd_getfd: the caller gets a close-on-exec copy of fd {@code fd2} of the process its pidfd names (as
     * libsinsp copies it); when that fd is unknown, the fd the event describes, if any.
     */
    private static void copyFd(Event e, StateMachine s) {
        if (e.failed() || e.res < 0) {
            return;
        }
        LiveProcess p = caller(e, s);
        FdRow pidfd = s.fd(p, e.fd);
        Integer targetPid = pidfd == null ? null : s.pidfdTargets.get(pidfd.ufd);
        LiveProcess target = targetPid == null ? null : s.process(targetPid);
        FdRow source = target == null ? null : s.fd(target, e.fd2);
        FdRow.Builder b;
        if (source == null) {
            b = StateMachine.newFd((int) e.res, e.fdType == null ? FdType.OTHER : e.fdType, e.path, 0);
        } else {
            b = source.toBuilder();
            b.upid = p.row.upid;
            b.pid = p.row.pid;
            b.procName = p.row.name;
            b.fd = (int) e.res;
            b.openedNum = 0;
        }
        b.flags |= O_CLOEXEC;
        s.openFd(p, b);
    }

    /**
     * A call that changes nothing may still show what an fd is now (strace decorates fds with their
     * path and endpoints): a socket whose port was chosen at bind(0) shows it later, and an fd the
     * snapshot could not see is learnt on first use.
     */
    private static void refreshFd(Event e, StateMachine s) {
        if (e.fd < 0) {
            return;
        }
        LiveProcess p = caller(e, s);
        FdRow f = s.fd(p, e.fd);
        if (f != null && SocketState.SYN_SENT.equals(f.sockState) && !e.failed() && e.kind.movesData()) {
            f = established(p, f, s);
        }
        if (e.fdType == null) {
            return;
        }
        if (f == null) {
            if (!e.failed()) {
                FdRow.Builder b = StateMachine.newFd(e.fd, e.fdType, e.path, 0);
                b.sockFamily = e.sockFamily;
                b.l4proto = e.l4proto;
                takeEndpoints(b, e);
                if (e.fdType.isIp() && e.remotePort != 0) {
                    b.sockState = SocketState.ESTABLISHED;
                }
                s.openFd(p, e.fdType.isIp() ? b.nameFromEndpoints() : b);
            }
            return;
        }
        boolean moved = f.type.isSocket() && ((e.localIp != null && (!e.localIp.equals(f.localIp) || e.localPort != f.localPort))
                || (e.remoteIp != null && (!e.remoteIp.equals(f.remoteIp) || e.remotePort != f.remotePort)));
        if (moved) {
            FdRow.Builder b = f.toBuilder();
            takeEndpoints(b, e);
            s.updateFd(p, b.nameFromEndpoints());
        }
    }

    /** getpeername succeeds only on a connected socket: a non-blocking connect in progress has completed. */
    private static void peerName(Event e, StateMachine s) {
        if (!e.failed() && e.fd >= 0) {
            LiveProcess p = caller(e, s);
            FdRow f = s.fd(p, e.fd);
            if (f != null && SocketState.SYN_SENT.equals(f.sockState)) {
                established(p, f, s);
            }
        }
        refreshFd(e, s);
    }

    /** A non-blocking connect has completed: data moved on the socket, or its peer has a name. */
    private static FdRow established(LiveProcess p, FdRow f, StateMachine s) {
        FdRow.Builder b = f.toBuilder();
        b.sockState = SocketState.ESTABLISHED;
        return s.updateFd(p, b);
    }

    // ---------------------------------------------------------------- processes

    private static void cloneOrFork(Event e, StateMachine s) {
        if (e.failed() || e.res < 0) {
            return;
        }
        if (e.res == 0) {
            cloneChild(e, s);
            return;
        }
        LiveProcess parent = caller(e, s);
        if (e.vtid >= 0 && e.vtid != e.tid) {
            // The caller is inside a pid namespace: the result is the child's id there, not on the host.
            // The child's own events (its clone exit, or its first call) say who it is.
            return;
        }
        int child = (int) e.res;
        if ((e.flags & CLONE_THREAD) != 0) {
            LiveProcess owner = s.processOfThreadIfKnown(child);
            if (owner == parent) {
                return; // the thread's own clone exit came first
            }
            LiveProcess early = s.process(child);
            if (early != null && early.placeholder && early != parent) {
                s.dissolvePlaceholder(early, parent);
            }
            s.startThread(parent, child, parent.row.name);
            return;
        }
        LiveProcess early = s.process(child);
        if (early != null && !early.placeholder && early.row.parentUpid == parent.row.upid && !early.row.exited) {
            return; // born from its own clone exit, which came first
        }
        ProcessRow.Builder b = childOf(parent, child);
        LiveProcess p;
        if (early != null && early.placeholder) {
            // The child ran before its parent's clone returned: keep its incarnation, learn its origin.
            b.upid = early.row.upid;
            b.startTs = early.row.startTs;
            s.updateProcess(early, b);
            early.placeholder = false;
            p = early;
        } else {
            p = s.startProcess(b);
            s.startThread(p, child, b.name);
        }
        s.inheritFrom(p, parent);
    }

    /**
     * Memory sizes come from /proc reads only: a new process or program is not the size its parent or
     * its earlier program was when read, so its size is unknown (NULL) until read again.
     */
    private static void forgetMemory(ProcessRow.Builder b) {
        b.vmSizeKb = 0;
        b.vmRssKb = 0;
    }

    /** A new process's row as fork makes it: the parent's, under a new pid, alive. */
    private static ProcessRow.Builder childOf(LiveProcess parent, int pid) {
        ProcessRow.Builder b = parent.row.toBuilder();
        b.pid = pid;
        b.ppid = parent.row.pid;
        b.parentUpid = parent.row.upid;
        b.vpid = -1;
        b.startTs = 0;
        b.exited = false;
        b.exitCode = 0;
        b.exitSignal = 0;
        b.exitTs = 0;
        forgetMemory(b);
        return b;
    }

    /**
     * The child's own return from clone (0), under its host ids, with its parent's tid in {@code ppid}:
     * before this effect, {@link StateMachine#apply} made its thread, and a placeholder process when the
     * pid was new. A placeholder learns its origin here; this is how children of a process inside a pid
     * namespace are born, whose parents' clone results are namespaced.
     */
    private static void cloneChild(Event e, StateMachine s) {
        LiveProcess p = s.processOfThreadIfKnown(e.tid);
        if (p == null || !p.placeholder || (e.flags & CLONE_THREAD) != 0) {
            return;
        }
        LiveProcess parent = parentOf(e, s);
        ProcessRow.Builder b = parent == null || parent == p ? p.row.toBuilder() : childOf(parent, e.pid);
        b.upid = p.row.upid;
        b.startTs = p.row.startTs;
        if (e.name != null) {
            b.name = e.name;
        }
        if (e.exe != null) {
            b.exe = e.exe;
        }
        if (e.args != null) {
            b.args = e.args;
        }
        takeProcessFacts(e, s, b);
        if (e.containerId != null) {
            b.containerId = e.containerId;
        }
        b.vpid = e.vpid;
        p.placeholder = false;
        s.updateProcess(p, b);
        if (parent != null && parent != p) {
            s.inheritFrom(p, parent);
        }
    }

    private static void exec(Event e, StateMachine s) {
        if (e.failed()) {
            return;
        }
        LiveProcess p = caller(e, s);
        ProcessRow.Builder b = p.row.toBuilder();
        forgetMemory(b);
        String file = e.exe != null ? e.exe : e.path;
        if (file != null) {
            b.exe = file;
        }
        if (e.args != null) {
            b.args = e.args;
        }
        if (e.name != null) {
            b.name = e.name;
        } else if (file != null) {
            String base = file.substring(file.lastIndexOf('/') + 1);
            b.name = base.length() > 15 ? base.substring(0, 15) : base;
        }
        takeProcessFacts(e, s, b);
        if (p.placeholder) {
            takeParent(e, s, b);
        }
        if (e.containerId != null) {
            b.containerId = e.containerId;
        }
        p.placeholder = false;
        s.exec(p, e.tid, b);
    }

    /**
     * A process first seen at its execve (its fork was before the capture) learns its parent from the exit's
     * parent tid (scap's carry it), as libsinsp does: else it would have no ancestors.
     */
    private static void takeParent(Event e, StateMachine s, ProcessRow.Builder b) {
        if (b.ppid != 0 || e.ppid <= 0) {
            return;
        }
        LiveProcess parent = parentOf(e, s);
        b.ppid = parent == null ? e.ppid : parent.row.pid;
        b.parentUpid = parent == null ? -1 : parent.row.upid;
    }

    /** The process of the event's parent tid (a thread of it, or its main thread's pid); null when unknown. */
    private static LiveProcess parentOf(Event e, StateMachine s) {
        LiveProcess parent = s.processOfThreadIfKnown(e.ppid);
        return parent != null ? parent : s.process(e.ppid);
    }

    /**
     * What an execve exit says of the process beside its image (scap's carry it; strace's and eBPF's do not):
     * a process first seen at its execve is otherwise left without them.
     */
    private static void takeProcessFacts(Event e, StateMachine s, ProcessRow.Builder b) {
        if (e.cwd != null && !e.cwd.isEmpty()) {
            b.cwd = e.cwd;
        }
        if (e.fdLimit > 0) {
            b.fdLimit = e.fdLimit;
        }
        if (e.vmSizeKb > 0) {
            b.vmSizeKb = e.vmSizeKb;
            b.vmRssKb = e.vmRssKb;
        }
        takeIds(b, e, s);
    }

    private static void takeIds(ProcessRow.Builder b, Event e, StateMachine s) {
        if (e.uid >= 0) {
            b.uid = e.uid;
            b.userName = s.userName(e.uid);
        }
        if (e.gid >= 0) {
            b.gid = e.gid;
            b.groupName = s.groupName(e.gid);
        }
    }

    private static void exitGroup(Event e, StateMachine s) {
        LiveProcess p = caller(e, s);
        p.exitGroup = true;
        p.exitGroupCode = e.exitCode;
    }

    private static void procexit(Event e, StateMachine s) {
        LiveProcess p = s.process(e.pid);
        if (p == null || !p.threads.containsKey(e.tid)) {
            p = s.processOfThreadIfKnown(e.tid);
        }
        if (p == null) {
            return;
        }
        boolean last = p.threads.size() <= 1 || p.exitGroup;
        if (last) {
            s.exitProcess(p, e.exitCode, e.signal, e.tid, e.cpuUserNs, e.cpuSystemNs);
        } else {
            s.endThreadWithCpu(p, e.tid, e.cpuUserNs, e.cpuSystemNs);
        }
    }

    /** A thread's CPU time (a sample, a scap procinfo): never creates the thread, as libsinsp does not. */
    private static void cpuTime(Event e, StateMachine s) {
        LiveProcess p = s.processOfThreadIfKnown(e.tid);
        if (p != null && e.hasCpuTime()) {
            s.threadCpu(p, e.tid, e.cpuUserNs, e.cpuSystemNs);
        }
    }

    private static void chdir(Event e, StateMachine s) {
        if (e.failed()) {
            return;
        }
        LiveProcess p = caller(e, s);
        String dir = e.path;
        if (e.kind == EventKinds.FCHDIR) {
            FdRow f = s.fd(p, e.fd);
            dir = f != null ? f.name : dir;
        }
        if (dir != null) {
            ProcessRow.Builder b = p.row.toBuilder();
            b.cwd = dir;
            s.updateProcess(p, b);
        }
    }

    private static void setIds(Event e, StateMachine s) {
        if (e.failed()) {
            return;
        }
        LiveProcess p = caller(e, s);
        ProcessRow.Builder b = p.row.toBuilder();
        takeIds(b, e, s);
        if (b.uid != p.row.uid || b.gid != p.row.gid) {
            s.updateProcess(p, b);
        }
    }

    // ---------------------------------------------------------------- the snapshot

    private static void snapUser(Event e, StateMachine s) {
        s.history().users().put(e.uid, new HistoryIndex.UserEntry(e.uid, e.gid, e.name, e.home, e.shell));
    }

    private static void snapGroup(Event e, StateMachine s) {
        s.history().groups().put(e.gid, e.name);
    }

    private static void snapProcess(Event e, StateMachine s) {
        ProcessRow.Builder b = new ProcessRow.Builder();
        b.pid = e.pid;
        b.ppid = e.ppid;
        LiveProcess parent = s.process(e.ppid);
        b.parentUpid = parent == null ? -1 : parent.row.upid;
        b.name = e.name;
        b.exe = e.exe;
        b.args = e.args;
        b.cwd = e.cwd;
        b.uid = e.uid;
        b.gid = e.gid;
        b.startTs = e.startTs;
        b.vmSizeKb = e.vmSizeKb;
        b.vmRssKb = e.vmRssKb;
        b.fdLimit = e.fdLimit;
        b.vpid = e.vpid;
        b.containerId = e.containerId;
        LiveProcess known = s.process(e.pid);
        s.confirmProcess(e.pid);
        if (known != null && (known.placeholder || s.sameIncarnation(known, e.startTs))) {
            b.upid = known.row.upid;
            b.userName = s.userName(b.uid);
            b.groupName = s.groupName(b.gid);
            known.placeholder = false;
            s.updateProcess(known, b);
        } else {
            s.startProcess(b);
        }
    }

    private static void snapThread(Event e, StateMachine s) {
        LiveProcess p = s.process(e.pid);
        if (p == null) {
            return;
        }
        s.confirmThread(e.pid, e.tid);
        if (!p.threads.containsKey(e.tid)) {
            // a main thread started with its process; when another started, the snapshot does not tell
            s.snapshotThread(p, e.tid, e.name != null ? e.name : p.row.name, e.vtid, e.tid == e.pid ? p.row.startTs : 0);
        } else if (e.vtid >= 0) {
            s.learnNamespaceIds(e.pid, e.tid, Event.UNSET, e.vtid);
        }
    }

    private static void container(Event e, StateMachine s) {
        if (e.containerId != null) {
            s.describeContainer(e.containerId, e.name, e.containerImage, e.containerRuntime);
        }
    }

    private static void snapFd(Event e, StateMachine s) {
        LiveProcess p = s.process(e.pid);
        if (p == null) {
            return;
        }
        s.confirmFd(e.pid, e.fd);
        FdRow known = s.fd(p, e.fd);
        FdType type = e.fdType == null ? FdType.OTHER : e.fdType;
        if (known != null && known.type == type && java.util.Objects.equals(known.name, e.path)) {
            return;
        }
        FdRow.Builder b = StateMachine.newFd(e.fd, type, e.path, e.flags);
        b.sockFamily = e.sockFamily;
        b.l4proto = e.l4proto;
        b.isServer = e.isServer;
        b.sockState = e.sockState;
        takeEndpoints(b, e);
        if (b.name == null) {
            b.nameFromEndpoints();
        }
        s.openFd(p, b);
    }
}
