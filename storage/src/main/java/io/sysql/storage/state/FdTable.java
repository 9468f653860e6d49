package io.sysql.storage.state;

import io.sysql.storage.history.FdRow;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A process's open fds by number. Like the kernel's own table it is an array indexed by fd: the kernel
 * hands out the lowest free number, so fds stay small and dense, and the lookup every event makes is one
 * array load. Numbers past {@link #DIRECT_LIMIT} (dup2 to a high fd) and any negative number a damaged
 * source might carry go to a map, so one odd event cannot make a huge array.
 */
final class FdTable {
    static final int DIRECT_LIMIT = 1 << 16;

    private FdRow[] direct = new FdRow[16];
    private Int2ObjectHashMap<FdRow> high;
    private int size;

    private static boolean isDirect(int fd) {
        return fd >= 0 && fd < DIRECT_LIMIT;
    }

    FdRow get(int fd) {
        if (isDirect(fd)) {
            return fd < direct.length ? direct[fd] : null;
        }
        return high != null ? high.get(fd) : null;
    }

    boolean contains(int fd) {
        return get(fd) != null;
    }

    void put(FdRow f) {
        int fd = f.fd;
        FdRow old;
        if (isDirect(fd)) {
            if (fd >= direct.length) {
                direct = Arrays.copyOf(direct, Math.min(DIRECT_LIMIT, Math.max(fd + 1, direct.length * 2)));
            }
            old = direct[fd];
            direct[fd] = f;
        } else {
            if (high == null) {
                high = new Int2ObjectHashMap<>();
            }
            old = high.put(fd, f);
        }
        if (old == null) {
            size++;
        }
    }

    FdRow remove(int fd) {
        FdRow old = null;
        if (isDirect(fd)) {
            if (fd < direct.length) {
                old = direct[fd];
                direct[fd] = null;
            }
        } else if (high != null) {
            old = high.remove(fd);
        }
        if (old != null) {
            size--;
        }
        return old;
    }

    /** The open fds in ascending order, as a copy: callers open and close fds while walking it. */
    List<FdRow> inOrder() {
        List<FdRow> list = new ArrayList<>(size);
        for (int i = 0; i < direct.length && list.size() < size; i++) {
            if (direct[i] != null) {
                list.add(direct[i]);
            }
        }
        if (high != null && !high.isEmpty()) {
            List<FdRow> rest = new ArrayList<>(high.values());
            rest.sort((a, b) -> Integer.compare(a.fd, b.fd));
            list.addAll(rest);
        }
        return list;
    }

    void clear() {
        Arrays.fill(direct, null);
        high = null;
        size = 0;
    }

    int size() {
        return size;
    }
}
