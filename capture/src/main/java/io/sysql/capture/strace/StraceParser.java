package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.Linux;
import io.sysql.capture.event.SourceCounters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the lines of {@code strace -f -ttt -T -yy} output ({@link StraceRecorder#straceArguments shown
 * there}) into events, in order, for one {@link EventSink}.
 *
 * <p>Every system call becomes one event of the call's name with its raw argument text in
 * {@code args}; the calls that change processes, threads and fds are decoded further (see the
 * {@code *Calls} classes). {@code <unfinished ...>} and {@code <... resumed>} halves are joined per thread.
 * {@code +++ exited with N +++} and {@code +++ killed by SIG +++} become {@code procexit} events, and
 * {@code --- SIGCHLD {...} ---} lines become {@code signal} events (the signal number in {@code signal}, the
 * siginfo text in {@code args}) so that queries can see deliveries.
 *
 * <p>strace prints thread ids only. The parser learns each thread's process from the clone calls, and
 * because strace may print a child's first calls before its parent's clone returns, it holds back events
 * of a thread it does not know while some clone is still in progress, and delivers them right after the
 * clone that created the thread. Threads that exist before the trace starts are told with
 * {@link #seedThread}.
 *
 * <p>A line it cannot read becomes an {@code unknown} event with the line in {@code args}, counted as
 * {@link SourceCounters#PARSE_ERRORS}; parsing goes on. Not thread-safe: feed it from one thread.
 */
public final class StraceParser {
    private static final Pattern RESTARTED =
            Pattern.compile("restart_syscall\\(<\\.\\.\\. resuming interrupted (\\w+) \\.\\.\\.>\\)(.*)", Pattern.DOTALL);

    /** The type of the events made from {@code --- SIG... ---} lines. */
    public static final EventKind SIGNAL = EventKinds.of("signal");

    private static boolean isClone(String call) {
        return EventKinds.of(call).effect() == EventKind.Effect.CLONE;
    }
    /** Past this many held-back events, they are delivered as threads of their own process. */
    private static final int MAX_HELD = 100_000;

    private final EventSink sink;
    private final SourceCounters counters;
    private final ThreadGroups groups = new ThreadGroups();
    private final DecodeContext context;
    private final Map<Integer, List<StraceLine>> unfinished = new HashMap<>();
    private final Map<Integer, List<Event>> held = new LinkedHashMap<>();
    private int clonesInProgress;
    private int heldCount;
    private long lastTs;

    /**
     * @param sink     receives each event; the parser does not touch an event after handing it over
     * @param counters where parse errors are counted
     * @param snaplen  the most data bytes kept per read/write event
     */
    public StraceParser(EventSink sink, SourceCounters counters, int snaplen) {
        this.sink = sink;
        this.counters = counters;
        this.context = new DecodeContext(snaplen, groups);
    }

    /** Tells that thread {@code tid} belongs to process {@code pid} (threads present before the trace). */
    public void seedThread(int tid, int pid) {
        groups.put(tid, pid);
    }

    /** Reads all lines of {@code reader}, then {@link #finish()}es. */
    public void parse(Reader reader) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        String line;
        while ((line = lines.readLine()) != null) {
            accept(line);
        }
        finish();
    }

    /** Takes one line of strace output (without its line terminator). */
    public void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        StraceLine l;
        try {
            l = StraceLine.parse(line);
        } catch (RuntimeException e) {
            unknown(line, leadingNumber(line), lastTs);
            return;
        }
        lastTs = l.entryNs;
        switch (l.kind) {
            case UNFINISHED:
                unfinished.computeIfAbsent(l.tid, k -> new ArrayList<>()).add(l);
                if (isClone(l.name)) {
                    clonesInProgress++;
                }
                break;
            case RESUMED:
                resumed(l, line);
                break;
            case DETACHED:
                deliver(cutShortEvent(l)); // strace let go of the thread in the middle of this call
                break;
            case CALL:
                call(l.tid, l.entryNs, l.body, line);
                break;
            case SIGNAL:
                signal(l);
                break;
            case EXITED:
                threadExit(l.tid, l.entryNs, l.number, 0);
                break;
            case KILLED:
                threadExit(l.tid, l.entryNs, -1, Signals.number(l.name));
                break;
            case SUPERSEDED:
                superseded(l);
                break;
            default:
                throw new IllegalStateException("unhandled line kind " + l.kind);
        }
    }

    /**
     * The trace has ended: calls still unfinished are delivered as cut short, and held-back events as
     * threads of their own process.
     */
    public void finish() {
        for (Integer tid : new ArrayList<>(unfinished.keySet())) {
            cutShortCalls(tid);
        }
        releaseAllHeld();
    }

    private void resumed(StraceLine l, String raw) {
        StraceLine start = takeUnfinished(l.tid, l.name);
        if (start == null) {
            resumedWithoutStart(l, raw);
            return;
        }
        if (isClone(l.name)) {
            clonesInProgress--;
        }
        call(l.tid, start.entryNs, start.body + l.body, raw);
        if (clonesInProgress == 0) {
            releaseAllHeld();
        }
    }

    private void call(int tid, long entryNs, String text, String raw) {
        Call call;
        try {
            call = Call.parse(resumedAfterAttach(text));
        } catch (RuntimeException e) {
            unknown(raw, tid, entryNs);
            return;
        }
        deliver(decoded(call, tid, entryNs));
    }

    /**
     * A call strace interrupted to attach is resumed by the kernel and printed as
     * {@code restart_syscall(<... resuming interrupted accept4 ...>) = 5<TCP:[...]>}: it is that call, whose
     * arguments were passed before the trace began (a server blocked in accept when {@code record -p}
     * attached accepts its next connection this way).
     */
    private static String resumedAfterAttach(String text) {
        Matcher m = RESTARTED.matcher(text);
        return m.matches() ? m.group(1) + "()" + m.group(2) : text;
    }

    private Event decoded(Call call, int tid, long entryNs) {
        Event e = eventOf(call, tid, entryNs);
        try {
            EventKind kind = e.kind;
            Decoders.of(kind).decode(call, kind, e, context);
            if (kind.isEntryOnly()) {
                e.res = 0; // strace prints what rt_sigreturn restored, not a result
                e.errno = Event.NO_EXIT;
            }
        } catch (RuntimeException ex) {
            counters.increment(SourceCounters.PARSE_ERRORS); // the call stays, with its raw arguments
        }
        return e;
    }

    private static Event eventOf(Call call, int tid, long entryNs) {
        Event e = Event.of(EventKinds.of(call.name), 0, tid);
        e.latencyNs = call.latencyNs;
        e.ts = entryNs + call.latencyNs;
        e.res = call.res;
        e.errno = call.errno;
        e.args = call.argText;
        if (call.hostRes != call.res) {
            translatedPid(call, e);
        }
        return e;
    }

    /**
     * The call returned a pid of the caller's pid namespace, which strace also gave in its own: a pid the
     * caller sees itself under is its id in its namespace; a child it made is born under its host pid (as
     * eBPF tells births), so that its own calls, printed under that pid, are the child's.
     */
    private static void translatedPid(Call call, Event e) {
        if (call.name.equals("getpid")) {
            e.vpid = (int) call.res;
        } else if (call.name.equals("gettid")) {
            e.vtid = (int) call.res;
        } else if (isClone(call.name)) {
            e.res = call.hostRes;
        }
    }

    /** A call whose start was not seen (strace attached while it was in progress): result only. */
    private void resumedWithoutStart(StraceLine l, String raw) {
        try {
            Call call = Call.parse(l.name + "(" + l.body);
            deliver(eventOf(call, l.tid, l.entryNs - call.latencyNs));
        } catch (RuntimeException e) {
            unknown(raw, l.tid, l.entryNs);
        }
    }

    private StraceLine takeUnfinished(int tid, String name) {
        List<StraceLine> calls = unfinished.get(tid);
        if (calls == null) {
            return null;
        }
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).name.equals(name)) {
                StraceLine start = calls.remove(i);
                if (calls.isEmpty()) {
                    unfinished.remove(tid);
                }
                return start;
            }
        }
        return null;
    }

    /** The thread's unfinished calls will never resume (it died, or the trace ended): deliver them. */
    private void cutShortCalls(int tid) {
        List<StraceLine> calls = unfinished.remove(tid);
        if (calls == null) {
            return;
        }
        for (StraceLine start : calls) {
            if (isClone(start.name)) {
                clonesInProgress--;
            }
            deliver(cutShortEvent(start));
        }
    }

    /** The event of a call whose result strace never printed. */
    private Event cutShortEvent(StraceLine start) {
        try {
            return decoded(Call.parse(start.body + ") = ?"), start.tid, start.entryNs);
        } catch (RuntimeException ex) {
            Event e = Event.of(EventKinds.of(start.name), 0, start.tid); // cut inside a structure: keep the raw text
            e.ts = start.entryNs;
            e.args = start.body.substring(start.name.length() + 1);
            return e;
        }
    }

    private void signal(StraceLine l) {
        Event e = Event.of(SIGNAL, 0, l.tid);
        e.ts = l.entryNs;
        e.signal = Signals.number(l.name);
        e.args = l.body;
        deliver(e);
    }

    private void threadExit(int tid, long ts, int exitCode, int signal) {
        cutShortCalls(tid);
        Event e = Event.of(EventKinds.PROCEXIT, 0, tid);
        e.ts = ts;
        e.exitCode = exitCode;
        e.signal = signal;
        deliver(e);
        if (clonesInProgress == 0) {
            releaseAllHeld();
        }
    }

    /**
     * {@code L +++ superseded by execve in pid T +++}: thread T of process L called execve and now goes
     * by L; T's tid is gone, and the old leader's calls in progress will not resume.
     */
    private void superseded(StraceLine l) {
        int leader = l.tid;
        int execing = l.number;
        cutShortCalls(leader);
        List<StraceLine> moved = unfinished.remove(execing);
        if (moved != null) {
            unfinished.put(leader, moved);
        }
        Event e = Event.of(EventKinds.PROCEXIT, 0, execing);
        e.ts = l.entryNs;
        deliver(e);
    }

    private void unknown(String raw, int tid, long ts) {
        counters.increment(SourceCounters.PARSE_ERRORS);
        Event e = Event.of(EventKinds.UNKNOWN, 0, tid);
        e.ts = ts;
        e.args = raw;
        if (tid == 0) {
            sink.accept(e);
        } else {
            deliver(e);
        }
    }

    private void deliver(Event e) {
        Integer tgid = groups.tgid(e.tid);
        if (tgid == null) {
            if (clonesInProgress > 0) {
                held.computeIfAbsent(e.tid, k -> new ArrayList<>()).add(e);
                if (++heldCount > MAX_HELD) {
                    releaseAllHeld();
                }
                return;
            }
            tgid = e.tid;
            groups.put(e.tid, tgid);
        }
        e.pid = tgid;
        sink.accept(e);
        afterDelivered(e);
    }

    private void afterDelivered(Event e) {
        if (e.kind.effect() == EventKind.Effect.CLONE && e.errno == 0 && e.res > 0) {
            int child = (int) e.res;
            boolean thread = (e.flags & Linux.CLONE_THREAD) != 0;
            groups.put(child, thread ? e.pid : child);
            release(child);
        } else if (e.kind == EventKinds.PROCEXIT) {
            groups.forget(e.tid);
        }
    }

    private void release(int tid) {
        List<Event> events = held.remove(tid);
        if (events != null) {
            heldCount -= events.size();
            events.forEach(this::deliver);
        }
    }

    private void releaseAllHeld() {
        while (!held.isEmpty()) {
            Iterator<Integer> first = held.keySet().iterator();
            int tid = first.next();
            if (groups.tgid(tid) == null) {
                groups.put(tid, tid);
            }
            release(tid);
        }
    }

    private static int leadingNumber(String line) {
        int i = 0;
        while (i < line.length() && Character.isDigit(line.charAt(i)) && i < 9) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(line.substring(0, i));
    }
}
