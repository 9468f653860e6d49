package io.sysql.storage.state;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a re-read of {@code /proc} after a drop confirmed: the processes it found, with their threads and
 * fds. Whatever the live state holds beyond that was ended or closed while events were lost.
 */
final class Resync {
    private final Map<Integer, Seen> seen = new HashMap<>();

    record Seen(Set<Integer> tids, Set<Integer> fds) {
    }

    void process(int pid) {
        seen.put(pid, new Seen(new HashSet<>(), new HashSet<>()));
    }

    void thread(int pid, int tid) {
        Seen s = seen.get(pid);
        if (s != null) {
            s.tids.add(tid);
        }
    }

    void fd(int pid, int fd) {
        Seen s = seen.get(pid);
        if (s != null) {
            s.fds.add(fd);
        }
    }

    /** What the re-read found of {@code pid}, or null when the process was gone. */
    Seen of(int pid) {
        return seen.get(pid);
    }
}
