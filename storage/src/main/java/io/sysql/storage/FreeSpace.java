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
    /** Events between two looks at the least: their bytes, at most a few blocks' worth, fit in the reserve. */
    private static final long FEWEST_EVENTS_BETWEEN_LOOKS = 64;
    /** The disk bytes an event is taken to need at most, so that the fewest events between looks fit the reserve. */
    private static final long EVENT_BYTES_BOUND = RESERVE / FEWEST_EVENTS_BETWEEN_LOOKS;
    /**
     * Events between two looks at the most. A look is a statvfs (~2 µs), against ~0.4 µs of the writer's
     * CPU per event: looking every 64 events on a disk with gigabytes free would cost the ingest ~7 %.
     */
    private static final long MOST_EVENTS_BETWEEN_LOOKS = 1 << 16;
    /** Time between two looks at the most, so that space another writer takes is seen soon at any rate. */
    private static final long MOST_NANOS_BETWEEN_LOOKS = 100_000_000L;

    private final Path dir;
    private final FileStore store;
    private long nextLookAt;
    private long lastLookNanos;

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

    /**
     * Whether the space ran low by the time {@code events} events were written, looked at as often as the
     * space left requires: every {@value #FEWEST_EVENTS_BETWEEN_LOOKS} events near the reserve, up to
     * {@value #MOST_EVENTS_BETWEEN_LOOKS} (or {@value #MOST_NANOS_BETWEEN_LOOKS} ns) apart when each event
     * can take {@link #EVENT_BYTES_BOUND} bytes and still leave the reserve free.
     */
    boolean lowAfter(long events) {
        if (events % FEWEST_EVENTS_BETWEEN_LOOKS != 0
                || events < nextLookAt && System.nanoTime() - lastLookNanos < MOST_NANOS_BETWEEN_LOOKS) {
            return false;
        }
        long usable = usable();
        lastLookNanos = System.nanoTime();
        long spare = Math.max(0, usable - RESERVE) / EVENT_BYTES_BOUND;
        nextLookAt = events + Math.max(FEWEST_EVENTS_BETWEEN_LOOKS, Math.min(MOST_EVENTS_BETWEEN_LOOKS, spare));
        return usable < RESERVE;
    }

    /** Why a capture stopped (or could not start), naming the directory and what is free. */
    String fullMessage() {
        return "the file system of " + dir + " is full (" + usable() / 1024 + " KB free, "
                + RESERVE / 1024 + " KB kept in reserve)";
    }
}
