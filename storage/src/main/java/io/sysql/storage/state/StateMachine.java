package io.sysql.storage.state;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import io.sysql.storage.history.ContainerRow;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.history.ThreadRow;
import org.agrona.collections.Hashing;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies events, in journal order, to the table of processes, threads and fds, recording every change
 * as a new version in the {@link HistoryIndex}. Time semantics (DESIGN.md): the state AS OF event N is
 * the state after N is applied; a thread or process that dies at N is still present AS OF N, marked
 * exited, with its fds, and gone AS OF N+1.
 *
 * <p>Which events change what is the table in {@link Effects}; this class holds the primitive changes
 * the effects are made of.
 */
public final class StateMachine {
    private final HistoryIndex history;
    // Int-keyed maps: looked up on every event, where boxing and Integer.equals were a fifth of ingest.
    private final Int2ObjectHashMap<LiveProcess> processes = intMap();
    /** tid to its process. */
    private final Int2ObjectHashMap<LiveProcess> threadOwner = intMap();
    /**
     * Connected sockets whose own address the source did not show (strace decorates an fd before the
     * call), by the address they connected to: the accept on the other end names it.
     */
    private final Map<String, List<PendingPeer>> awaitingLocalEnd = new HashMap<>();
    /** Containers by id. */
    private final Map<String, LiveContainer> containers = new HashMap<>();
    /** Open between a drop and the end of the /proc re-read that follows it. */
    private Resync resync;
    private long nextUcid = 1;
    private long nextUpid = 1;
    private long nextUtid = 1;
    private long nextUfd = 1;
    private long num;
    private long ts;
    private long prevTs;

    private static <V> Int2ObjectHashMap<V> intMap() {
        // Allocating iterators: Agrona's shared ones would break the nested walks below.
        return new Int2ObjectHashMap<>(64, Hashing.DEFAULT_LOAD_FACTOR, false);
    }

    public StateMachine(HistoryIndex history) {
        this.history = history;
    }

    /** A state machine that continues a persisted index: the open versions are the live state. */
    public static StateMachine resume(HistoryIndex history) {
        StateMachine s = new StateMachine(history);
        s.num = history.lastNum();
        s.ts = history.lastTs();
        s.prevTs = s.ts;
        for (ProcessRow p : history.processes().openVersions()) {
            s.processes.put(p.pid, new LiveProcess(p));
            s.nextUpid = Math.max(s.nextUpid, p.upid + 1);
        }
        for (ThreadRow t : history.threads().openVersions()) {
            LiveProcess p = s.processes.get(t.pid);
            if (p != null) {
                p.threads.put(t.tid, t);
                s.threadOwner.put(t.tid, p);
            }
        }
        for (FdRow f : history.fds().openVersions()) {
            LiveProcess p = s.processes.get(f.pid);
            if (p != null) {
                p.fds.put(f);
            }
        }
        for (ContainerRow c : history.containers().openVersions()) {
            s.containers.put(c.id, new LiveContainer(c));
        }
        for (LiveProcess p : s.processes.values()) {
            LiveContainer c = p.row.containerId == null ? null : s.containers.get(p.row.containerId);
            if (c != null) {
                c.processes++;
            }
        }
        s.nextUcid = maxId(history.containers().all(), c -> c.ucid) + 1;
        s.nextUtid = maxId(history.threads().all(), t -> t.utid) + 1;
        s.nextUfd = maxId(history.fds().all(), f -> f.ufd) + 1;
        s.nextUpid = Math.max(s.nextUpid, maxId(history.processes().all(), p -> p.upid) + 1);
        return s;
    }

    private static <V> long maxId(List<V> versions, java.util.function.ToLongFunction<V> id) {
        long max = 0;
        for (V v : versions) {
            max = Math.max(max, id.applyAsLong(v));
        }
        return max;
    }

    public HistoryIndex history() {
        return history;
    }

    /**
     * Applies event {@code e} (its {@code num} must follow the last one) and annotates it with the
     * process name and fd name as they were at that event.
     */
    public void apply(Event e) {
        num = e.num;
        ts = e.ts;
        Effects.Kind kind = Effects.of(e.kind);
        LiveProcess before = kind.actsAsThread() ? processOfThread(e.pid, e.tid, e.name) : liveProcess(e.pid, e.tid);
        FdRow fdBefore = before != null && e.fd >= 0 ? before.fds.get(e.fd) : null;
        kind.effect().apply(e, this);
        if ((e.vtid >= 0 || e.vpid >= 0) && kind.actsAsThread()) {
            learnNamespaceIds(e.pid, e.tid, e.vpid, e.vtid);
        }
        annotate(e, before, fdBefore);
        history.endOfEvent(num, ts);
        prevTs = ts;
    }

    private LiveProcess liveProcess(int pid, int tid) {
        LiveProcess p = threadOwner.get(tid);
        return p != null ? p : processes.get(pid);
    }

    /** Names as they were at the event: after it for what it created or renamed, else before it. */
    private void annotate(Event e, LiveProcess before, FdRow fdBefore) {
        LiveProcess now = liveProcess(e.pid, e.tid);
        LiveProcess p = now != null ? now : before;
        if (p != null && e.procName == null) {
            e.procName = p.row.name;
        }
        if (e.fdName == null) {
            FdRow f = p != null && e.fd >= 0 ? p.fds.get(e.fd) : null;
            if (f == null) {
                f = fdBefore;
            }
            if (f != null) {
                e.fdName = f.name;
                if (e.fdType == null) {
                    e.fdType = f.type;
                }
            }
        }
    }

    long num() {
        return num;
    }

    // ---------------------------------------------------------------- processes and threads

    /** The process each pidfd (by fd incarnation) names, for pidfd_getfd. */
    final Map<Long, Integer> pidfdTargets = new HashMap<>();

    LiveProcess process(int pid) {
        return processes.get(pid);
    }

    LiveProcess processOfThreadIfKnown(int tid) {
        return threadOwner.get(tid);
    }

    /** The process of a thread, created as a placeholder when nobody saw it start. */
    LiveProcess processOfThread(int pid, int tid, String name) {
        LiveProcess p = threadOwner.get(tid);
        if (p != null) {
            return p;
        }
        p = processes.get(pid);
        if (p == null) {
            ProcessRow.Builder b = new ProcessRow.Builder();
            b.pid = pid;
            b.name = name;
            p = startProcess(b);
            p.placeholder = true;
        }
        startThread(p, tid, p.row.name);
        return p;
    }

    /** A new incarnation of a pid; an older one still alive under it is ended first (pid reuse). */
    LiveProcess startProcess(ProcessRow.Builder b) {
        LiveProcess old = processes.get(b.pid);
        if (old != null) {
            endProcess(old, num - 1, prevTs);
        }
        b.upid = nextUpid++;
        if (b.startTs == 0) {
            b.startTs = ts;
        }
        if (b.userName == null) {
            b.userName = userName(b.uid);
        }
        if (b.groupName == null) {
            b.groupName = history.groups().get(b.gid);
        }
        describeContainer(b);
        LiveProcess p = new LiveProcess(b.build(num, ts));
        history.processes().open(p.row);
        processes.put(b.pid, p);
        moveBetweenContainers(null, p.row.containerId);
        return p;
    }

    String userName(int uid) {
        HistoryIndex.UserEntry u = history.users().get(uid);
        return u == null ? null : u.name();
    }

    String groupName(int gid) {
        return history.groups().get(gid);
    }

    /** Replaces the process's current version with {@code b}, valid from this event. */
    void updateProcess(LiveProcess p, ProcessRow.Builder b) {
        describeContainer(b);
        String before = p.row.containerId;
        history.processes().close(p.row, num - 1, prevTs);
        p.row = b.build(num, ts);
        history.processes().open(p.row);
        moveBetweenContainers(before, p.row.containerId);
    }

    /** A thread's ids inside its pid namespace, as an event about it told them (-1: not told). */
    void learnNamespaceIds(int pid, int tid, int vpid, int vtid) {
        LiveProcess p = threadOwner.get(tid);
        if (p == null) {
            return;
        }
        if (vtid < 0 && tid == pid) {
            vtid = vpid; // the main thread's id is the process's
        }
        if (vpid >= 0 && p.row.pid == pid && p.row.vpid != vpid) {
            ProcessRow.Builder b = p.row.toBuilder();
            b.vpid = vpid;
            updateProcess(p, b);
        }
        ThreadRow t = vtid < 0 ? null : p.threads.get(tid);
        if (t != null && t.vtid != vtid) {
            history.threads().close(t, num - 1, prevTs);
            ThreadRow known = new ThreadRow(num, ts, t.utid, t.tid, t.pid, t.upid, t.name, t.startTs, t.exitTs,
                    t.exited, vtid, t.cpuUserNs, t.cpuSystemNs);
            history.threads().open(known);
            p.threads.put(tid, known);
        }
    }

    // ---------------------------------------------------------------- containers

    /** What is known of a container (its metadata event): processes in it take its name and image. */
    void describeContainer(String id, String name, String image, String runtime) {
        LiveContainer c = containers.get(id);
        if (c == null) {
            c = new LiveContainer(new ContainerRow(num, ts, nextUcid++, id, name, image, runtime, ts, 0));
            history.containers().open(c.row);
            containers.put(id, c);
        } else {
            ContainerRow r = c.row;
            String newName = name != null ? name : r.name;
            String newImage = image != null ? image : r.image;
            String newRuntime = runtime != null ? runtime : r.runtime;
            if (Objects.equals(newName, r.name) && Objects.equals(newImage, r.image)
                    && Objects.equals(newRuntime, r.runtime)) {
                return;
            }
            replaceContainer(c, new ContainerRow(num, ts, r.ucid, id, newName, newImage, newRuntime, r.firstSeenTs,
                    r.lastSeenTs));
        }
        for (LiveProcess p : processes.values()) {
            if (id.equals(p.row.containerId) && (!Objects.equals(p.row.containerName, c.row.name)
                    || !Objects.equals(p.row.containerImage, c.row.image))) {
                updateProcess(p, p.row.toBuilder());
            }
        }
    }

    /** Gives a process row its container's name and image; a container first seen here starts to exist. */
    private void describeContainer(ProcessRow.Builder b) {
        if (b.containerId == null) {
            b.containerName = null;
            b.containerImage = null;
            return;
        }
        LiveContainer c = containers.get(b.containerId);
        if (c == null) {
            c = new LiveContainer(new ContainerRow(num, ts, nextUcid++, b.containerId, null, null, null, ts, 0));
            history.containers().open(c.row);
            containers.put(b.containerId, c);
        }
        b.containerName = c.row.name;
        b.containerImage = c.row.image;
    }

    /** A process left one container and joined another (either null: the host). */
    private void moveBetweenContainers(String from, String to) {
        if (Objects.equals(from, to)) {
            return;
        }
        LiveContainer left = from == null ? null : containers.get(from);
        if (left != null && --left.processes == 0) {
            ContainerRow r = left.row;
            replaceContainer(left, new ContainerRow(num, ts, r.ucid, r.id, r.name, r.image, r.runtime, r.firstSeenTs, ts));
        }
        LiveContainer joined = to == null ? null : containers.get(to);
        if (joined != null && joined.processes++ == 0 && joined.row.lastSeenTs != 0) {
            ContainerRow r = joined.row;
            replaceContainer(joined, new ContainerRow(num, ts, r.ucid, r.id, r.name, r.image, r.runtime, r.firstSeenTs, 0));
        }
    }

    private void replaceContainer(LiveContainer c, ContainerRow next) {
        history.containers().close(c.row, num - 1, prevTs);
        c.row = next;
        history.containers().open(next);
    }

    ThreadRow startThread(LiveProcess p, int tid, String name) {
        return startThread(p, tid, name, -1, ts, -1, -1);
    }

    /**
     * A thread the snapshot found, running since {@code startTs} (0: unknown); {@code vtid} its id in its pid
     * namespace, -1 when unknown.
     */
    ThreadRow snapshotThread(LiveProcess p, int tid, String name, int vtid, long startTs) {
        return startThread(p, tid, name, vtid, startTs, -1, -1);
    }

    /** A new thread incarnation that has already run this long (a thread that executed a new program). */
    private ThreadRow startThread(LiveProcess p, int tid, String name, int vtid, long startTs, long cpuUserNs,
            long cpuSystemNs) {
        LiveProcess previousOwner = threadOwner.get(tid);
        if (previousOwner != null) {
            ThreadRow stale = previousOwner.threads.remove(tid);
            if (stale != null) {
                history.threads().close(stale, num - 1, prevTs);
            }
        }
        ThreadRow t = new ThreadRow(num, ts, nextUtid++, tid, p.row.pid, p.row.upid, name, startTs, 0, false, vtid,
                cpuUserNs, cpuSystemNs);
        history.threads().open(t);
        p.threads.put(tid, t);
        threadOwner.put(tid, p);
        return t;
    }

    /** A thread died at this event: present, marked exited, through it. */
    void endThread(LiveProcess p, int tid) {
        endThread(p, tid, Event.UNSET, Event.UNSET);
    }

    /**
     * A thread died at this event, having run this long ({@link Event#UNSET}: not told); its process's sum is
     * the caller's to update.
     */
    private void endThread(LiveProcess p, int tid, long cpuUserNs, long cpuSystemNs) {
        ThreadRow t = p.threads.remove(tid);
        threadOwner.remove(tid);
        if (t == null) {
            return;
        }
        history.threads().close(t, num - 1, prevTs);
        boolean told = cpuUserNs != Event.UNSET;
        ThreadRow dead = new ThreadRow(num, ts, t.utid, t.tid, t.pid, t.upid, t.name, t.startTs, ts, true, t.vtid,
                told ? cpuUserNs : t.cpuUserNs, told ? cpuSystemNs : t.cpuSystemNs);
        history.threads().open(dead);
        history.threads().close(dead, num, ts);
    }

    /** The process died at this event: it stays, marked exited, with its fds and threads, through it. */
    void exitProcess(LiveProcess p, int exitCode, int signal) {
        exitProcess(p, exitCode, signal, Event.UNSET, Event.UNSET, Event.UNSET);
    }

    /**
     * The process died at this event with its thread {@code lastTid}, which had run this long
     * ({@link Event#UNSET}: not told).
     */
    void exitProcess(LiveProcess p, int exitCode, int signal, int lastTid, long cpuUserNs, long cpuSystemNs) {
        ProcessRow.Builder b = p.row.toBuilder();
        b.exited = true;
        b.exitTs = ts;
        b.exitCode = exitCode;
        b.exitSignal = signal;
        ThreadRow last = p.threads.get(lastTid);
        if (last != null && cpuUserNs != Event.UNSET) {
            addCpu(b, last, cpuUserNs, cpuSystemNs);
        }
        updateProcess(p, b);
        for (Integer tid : new ArrayList<>(p.threads.keySet())) {
            if (tid == lastTid) {
                endThread(p, tid, cpuUserNs, cpuSystemNs);
            } else {
                endThread(p, tid);
            }
        }
        endProcess(p, num, ts);
    }

    /** A thread died at this event, not the process's last, having run this long ({@link Event#UNSET}: not told). */
    void endThreadWithCpu(LiveProcess p, int tid, long cpuUserNs, long cpuSystemNs) {
        ThreadRow t = p.threads.get(tid);
        if (t != null && cpuUserNs != Event.UNSET) {
            ProcessRow.Builder b = p.row.toBuilder();
            addCpu(b, t, cpuUserNs, cpuSystemNs);
            updateProcess(p, b);
        }
        endThread(p, tid, cpuUserNs, cpuSystemNs);
    }

    /** A thread's CPU time as an event told it: a version of the thread, and of its process's sum. */
    void threadCpu(LiveProcess p, int tid, long cpuUserNs, long cpuSystemNs) {
        ThreadRow t = p.threads.get(tid);
        if (t == null || t.cpuUserNs == cpuUserNs && t.cpuSystemNs == cpuSystemNs) {
            return;
        }
        history.threads().close(t, num - 1, prevTs);
        ThreadRow next = t.withCpu(num, ts, cpuUserNs, cpuSystemNs);
        history.threads().open(next);
        p.threads.put(tid, next);
        ProcessRow.Builder b = p.row.toBuilder();
        addCpu(b, t, cpuUserNs, cpuSystemNs);
        updateProcess(p, b);
    }

    /** A process's CPU time is its threads' summed: a thread's new time adds what it ran since its last. */
    private static void addCpu(ProcessRow.Builder b, ThreadRow before, long cpuUserNs, long cpuSystemNs) {
        b.cpuUserNs = Math.max(b.cpuUserNs, 0) + cpuUserNs - Math.max(before.cpuUserNs, 0);
        b.cpuSystemNs = Math.max(b.cpuSystemNs, 0) + cpuSystemNs - Math.max(before.cpuSystemNs, 0);
    }

    /** Removes a process from the live state; its versions end after event {@code lastNum}. */
    private void endProcess(LiveProcess p, long lastNum, long lastTs) {
        for (FdRow f : p.fds.inOrder()) {
            history.fds().close(f, lastNum, lastTs);
        }
        p.fds.clear();
        for (ThreadRow t : p.threads.values()) {
            history.threads().close(t, lastNum, lastTs);
            threadOwner.remove(t.tid, p);
        }
        p.threads.clear();
        history.processes().close(p.row, lastNum, lastTs);
        processes.remove(p.row.pid, p);
        moveBetweenContainers(p.row.containerId, null);
    }

    /** Discards a placeholder that turned out to be a thread of another process. */
    void dissolvePlaceholder(LiveProcess placeholder, LiveProcess realOwner) {
        for (FdRow f : placeholder.fds.inOrder()) {
            if (!realOwner.fds.contains(f.fd)) {
                FdRow.Builder b = f.toBuilder();
                b.upid = realOwner.row.upid;
                b.pid = realOwner.row.pid;
                b.procName = realOwner.row.name;
                openFd(realOwner, b);
            }
        }
        endProcess(placeholder, num - 1, prevTs);
    }

    /** A fork: the child gets copies of the parent's fds (new incarnations with the same names). */
    void inheritFrom(LiveProcess child, LiveProcess parent) {
        for (FdRow f : parent.fds.inOrder()) {
            if (child.fds.contains(f.fd)) {
                continue;
            }
            FdRow.Builder b = f.toBuilder();
            b.upid = child.row.upid;
            b.pid = child.row.pid;
            b.procName = child.row.name;
            b.openedNum = num;
            b.openedTs = ts;
            openFd(child, b);
        }
    }

    /** execve: close-on-exec fds close, the others take the process's new name, other threads die. */
    void exec(LiveProcess p, int tid, ProcessRow.Builder b) {
        updateProcess(p, b);
        for (Integer other : new ArrayList<>(p.threads.keySet())) {
            if (other != tid) {
                endThread(p, other);
            }
        }
        ThreadRow caller = p.threads.remove(tid);
        threadOwner.remove(tid);
        if (caller != null) {
            history.threads().close(caller, num - 1, prevTs);
        }
        // the kernel's task goes on: so do its start and its CPU time
        startThread(p, p.row.pid, p.row.name, p.row.vpid, caller == null ? ts : caller.startTs,
                caller == null ? -1 : caller.cpuUserNs,
                caller == null ? -1 : caller.cpuSystemNs);
        for (FdRow f : p.fds.inOrder()) {
            if (f.closeOnExec()) {
                closeFd(p, f.fd);
            } else {
                FdRow.Builder fb = f.toBuilder();
                fb.procName = p.row.name;
                updateFd(p, fb);
            }
        }
    }

    // ---------------------------------------------------------------- re-reading /proc after drops

    /**
     * /proc's start time has the boot time's one-second resolution, a process born in the capture has
     * its clone's time: within this margin they are one incarnation.
     */
    private static final long START_TS_MARGIN_NS = 1_500_000_000L;

    /** Events were lost: the snapshot events until {@link #endResync} are the truth about what exists. */
    void beginResync() {
        resync = new Resync();
    }

    boolean sameIncarnation(LiveProcess known, long startTs) {
        return known.row.startTs == startTs
                || resync != null && Math.abs(known.row.startTs - startTs) <= START_TS_MARGIN_NS;
    }

    void confirmProcess(int pid) {
        if (resync != null) {
            resync.process(pid);
        }
    }

    void confirmThread(int pid, int tid) {
        if (resync != null) {
            resync.thread(pid, tid);
        }
    }

    void confirmFd(int pid, int fd) {
        if (resync != null) {
            resync.fd(pid, fd);
        }
    }

    /** Ends what the re-read did not find: vanished processes exit (code -1), missing threads and fds end. */
    void endResync() {
        if (resync == null) {
            return;
        }
        for (LiveProcess p : new ArrayList<>(processes.values())) {
            Resync.Seen seen = resync.of(p.row.pid);
            if (seen == null) {
                exitProcess(p, -1, 0);
                continue;
            }
            for (FdRow f : p.fds.inOrder()) {
                if (!seen.fds().contains(f.fd)) {
                    closeFd(p, f.fd);
                }
            }
            for (Integer tid : new ArrayList<>(p.threads.keySet())) {
                if (!seen.tids().contains(tid)) {
                    endThread(p, tid);
                }
            }
        }
        resync = null;
    }

    // ---------------------------------------------------------------- file descriptors

    /** Opens a new fd incarnation; an fd still open under the same number is closed first. */
    FdRow openFd(LiveProcess p, FdRow.Builder b) {
        FdRow old = p.fds.get(b.fd);
        if (old != null) {
            history.fds().close(old, num - 1, prevTs);
        }
        b.ufd = nextUfd++;
        b.upid = p.row.upid;
        b.pid = p.row.pid;
        if (b.procName == null) {
            b.procName = p.row.name;
        }
        if (b.openedNum == 0) {
            b.openedNum = num;
            b.openedTs = ts;
        }
        FdRow f = b.build(num, ts);
        history.fds().open(f);
        p.fds.put(f);
        return f;
    }

    /** A new version of the same fd incarnation (same ufd). */
    FdRow updateFd(LiveProcess p, FdRow.Builder b) {
        FdRow old = p.fds.get(b.fd);
        if (old != null) {
            history.fds().close(old, num - 1, prevTs);
        }
        FdRow f = b.build(num, ts);
        history.fds().open(f);
        p.fds.put(f);
        return f;
    }

    /** The fd is gone as of this event. */
    void closeFd(LiveProcess p, int fd) {
        FdRow old = p.fds.remove(fd);
        if (old != null) {
            history.fds().close(old, num - 1, prevTs);
        }
    }

    FdRow fd(LiveProcess p, int fd) {
        return p.fds.get(fd);
    }

    private record PendingPeer(LiveProcess process, int fd, long ufd) {
    }

    private static String endpointKey(String ip, int port) {
        return ip + "|" + port;
    }

    /** A connected socket whose local end is unknown yet. */
    void awaitLocalEnd(LiveProcess p, FdRow f) {
        awaitingLocalEnd.computeIfAbsent(endpointKey(f.remoteIp, f.remotePort), k -> new ArrayList<>(1))
                .add(new PendingPeer(p, f.fd, f.ufd));
    }

    /**
     * A connection was accepted on {@code local} from {@code remote}: if a socket of this capture
     * connected to {@code local} from that address without knowing its port, this is its local end.
     */
    void completePeer(String localIp, int localPort, String remoteIp, int remotePort) {
        List<PendingPeer> waiting = awaitingLocalEnd.get(endpointKey(localIp, localPort));
        if (waiting == null) {
            return;
        }
        for (java.util.Iterator<PendingPeer> it = waiting.iterator(); it.hasNext(); ) {
            PendingPeer peer = it.next();
            FdRow f = peer.process().fds.get(peer.fd());
            if (f == null || f.ufd != peer.ufd() || processes.get(f.pid) != peer.process()) {
                it.remove();
                continue;
            }
            if (f.localIp == null || f.localIp.equals(remoteIp) || "0.0.0.0".equals(f.localIp)) {
                it.remove();
                FdRow.Builder b = f.toBuilder();
                b.localIp = remoteIp;
                b.localPort = remotePort;
                updateFd(peer.process(), b.nameFromEndpoints());
                break;
            }
        }
        if (waiting.isEmpty()) {
            awaitingLocalEnd.remove(endpointKey(localIp, localPort));
        }
    }

    /** Builder for a fresh fd of a kind, with nothing known but its number. */
    static FdRow.Builder newFd(int fd, FdType type, String name, long flags) {
        FdRow.Builder b = new FdRow.Builder();
        b.fd = fd;
        b.type = type;
        b.name = name;
        b.flags = flags;
        return b;
    }
}
