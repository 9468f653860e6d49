package io.sysql.capture.strace;

import java.util.HashMap;
import java.util.Map;

/**
 * Which thread group (process) each thread id belongs to. strace prints only thread ids, so the map is
 * built from the trace: a clone with CLONE_THREAD adds a thread to its parent's group, any other clone
 * or fork starts a new group; threads that were there before the trace are seeded.
 */
final class ThreadGroups {
    private final Map<Integer, Integer> tgidByTid = new HashMap<>();

    void put(int tid, int tgid) {
        tgidByTid.put(tid, tgid);
    }

    /** The thread's group, or null when the trace has not told yet. */
    Integer tgid(int tid) {
        return tgidByTid.get(tid);
    }

    int tgidOrSelf(int tid) {
        return tgidByTid.getOrDefault(tid, tid);
    }

    void forget(int tid) {
        tgidByTid.remove(tid);
    }
}
