package io.sysql.storage.schema;

import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.history.ThreadRow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of the state tables right after one event: what {@code processes}, {@code threads},
 * {@code fds}, {@code connections}, {@code ancestors} and {@code containers} show AS OF that event. Derived rows (counts,
 * ancestor chains, connections) are computed from the versions valid at the point.
 */
public final class StatePoint {
    /** Ancestor chains longer than this are cut: a cycle in a damaged capture must not hang a query. */
    private static final int MAX_DEPTH = 4096;

    private final HistoryIndex.StateAt state;

    public StatePoint(HistoryIndex.StateAt state) {
        this.state = state;
    }

    public long num() {
        return state.num();
    }

    /** Rows of a state table. */
    @SuppressWarnings("unchecked")
    public <R> List<R> rows(TableDef<R> table) {
        if (table == Tables.PROCESSES) {
            return (List<R>) processes();
        }
        if (table == Tables.THREADS) {
            return (List<R>) state.threads();
        }
        if (table == Tables.FDS) {
            return (List<R>) state.fds();
        }
        if (table == Tables.CONNECTIONS) {
            return (List<R>) connections();
        }
        if (table == Tables.ANCESTORS) {
            return (List<R>) ancestors();
        }
        if (table == Tables.CONTAINERS) {
            return (List<R>) state.containers();
        }
        throw new IllegalArgumentException(table.name() + " is not a state table");
    }

    public List<ProcessAt> processes() {
        Map<Long, Long> fds = new HashMap<>();
        for (FdRow f : state.fds()) {
            fds.merge(f.upid, 1L, Long::sum);
        }
        Map<Long, Long> threads = new HashMap<>();
        for (ThreadRow t : state.threads()) {
            threads.merge(t.upid, 1L, Long::sum);
        }
        List<ProcessAt> out = new ArrayList<>(state.processes().size());
        for (ProcessRow p : state.processes()) {
            out.add(new ProcessAt(p, fds.getOrDefault(p.upid, 0L), threads.getOrDefault(p.upid, 0L)));
        }
        return out;
    }

    public List<FdRow> connections() {
        List<FdRow> out = new ArrayList<>();
        for (FdRow f : state.fds()) {
            if (f.type != null && f.type.isIp()) {
                out.add(f);
            }
        }
        return out;
    }

    public List<Ancestor> ancestors() {
        Map<Long, ProcessRow> byUpid = new HashMap<>();
        for (ProcessRow p : state.processes()) {
            byUpid.put(p.upid, p);
        }
        List<Ancestor> out = new ArrayList<>();
        for (ProcessRow p : state.processes()) {
            ProcessRow child = p;
            for (int depth = 1; depth <= MAX_DEPTH; depth++) {
                ProcessRow parent = child.parentUpid < 0 ? null : byUpid.get(child.parentUpid);
                if (parent == null) {
                    if (child.ppid > 0) {
                        out.add(new Ancestor(p, depth, child.ppid, null));
                    }
                    break;
                }
                out.add(new Ancestor(p, depth, parent.pid, parent));
                child = parent;
            }
        }
        return out;
    }
}
