package io.sysql.capture.strace;

import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * What decoders need beyond one call: the snap length, and each process's working directory as far as
 * the trace shows it (AT_FDCWD decorations, chdir), to make relative paths absolute.
 */
final class DecodeContext {
    final int snaplen;
    private final ThreadGroups groups;
    private final Map<Integer, String> cwdByProcess = new HashMap<>();

    DecodeContext(int snaplen, ThreadGroups groups) {
        this.snaplen = snaplen;
        this.groups = groups;
    }

    String cwd(int tid) {
        return cwdByProcess.get(groups.tgidOrSelf(tid));
    }

    void setCwd(int tid, String cwd) {
        if (cwd != null) {
            cwdByProcess.put(groups.tgidOrSelf(tid), cwd);
        }
    }

    /** {@code path} made absolute against {@code dir} (null dir: against the thread's known cwd). */
    String absolute(int tid, String dir, String path) {
        if (path == null || path.startsWith("/")) {
            return path;
        }
        String base = dir != null ? dir : cwd(tid);
        if (base == null || !base.startsWith("/")) {
            return path;
        }
        return Paths.get(base).resolve(path).normalize().toString();
    }
}
