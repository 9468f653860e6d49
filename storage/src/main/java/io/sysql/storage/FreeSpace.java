package io.sysql.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free space of a capture's file system, checked before it runs out: Chronicle writes the journal
 * through a memory mapping, and a page of the mapping the file system cannot back faults (SIGBUS), which
 * the JVM turns into an {@link InternalError} or a crash rather than an IOException. A capture stops while
 * {@link #RESERVE} is still free, enough for its open block, its history index in most cases, and its
 * metadata (the index is rebuilt by the first reader when it did not fit).
 */
final class FreeSpace {
    static final long RESERVE = 2L << 20;

    private final Path dir;
    private final FileStore store;

    private FreeSpace(Path dir, FileStore store) {
        this.dir = dir;
        this.store = store;
    }

    /** The file system holding {@code dir}, or of its nearest existing parent when it is not there yet. */
    static FreeSpace of(Path dir) throws IOException {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return new FreeSpace(dir, Files.getFileStore(existing == null ? dir.toAbsolutePath().getRoot() : existing));
    }

    /** Bytes a write may still use; Long.MAX_VALUE when the file system cannot say. */
    long usable() {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    boolean low() {
        return usable() < RESERVE;
    }

    /** Why a capture stopped (or could not start), naming the directory and what is free. */
    String fullMessage() {
        return "the file system of " + dir + " is full (" + usable() / 1024 + " KB free, "
                + RESERVE / 1024 + " KB kept in reserve)";
    }
}
