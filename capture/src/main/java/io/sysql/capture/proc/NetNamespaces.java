package io.sysql.capture.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The socket tables of every network namespace met during one scan. A process's sockets are listed in
 * its own namespace's tables ({@code /proc/PID/net}); when its namespace cannot be told, the tables of
 * the scanner's namespace ({@code /proc/net}) stand in. Each is read once, and once more when a socket
 * is missing from it (created after the read).
 */
final class NetNamespaces {
    private static final String SCANNERS_OWN = "";

    private final Path procRoot;
    private final Map<String, SocketTable> tables = new HashMap<>();
    private final Set<String> reread = new HashSet<>();

    NetNamespaces(Path procRoot) {
        this.procRoot = procRoot;
    }

    /** The socket with this inode in the process's namespace, or null when its tables do not list it. */
    SocketInfo find(Path processDir, long inode) throws IOException {
        String namespace = namespaceOf(processDir);
        SocketInfo found = table(namespace, processDir).get(inode);
        if (found == null && reread.add(namespace)) {
            tables.remove(namespace);
            found = table(namespace, processDir).get(inode);
        }
        return found;
    }

    private static String namespaceOf(Path processDir) {
        try {
            return ProcFiles.readLink(processDir.resolve("ns").resolve("net"));
        } catch (IOException unknown) {
            return SCANNERS_OWN;
        }
    }

    private SocketTable table(String namespace, Path processDir) throws IOException {
        SocketTable table = tables.get(namespace);
        if (table == null) {
            table = namespace.equals(SCANNERS_OWN) ? SocketTable.read(procRoot.resolve("net"))
                    : SocketTable.read(processDir.resolve("net"));
            tables.put(namespace, table);
        }
        return table;
    }
}
