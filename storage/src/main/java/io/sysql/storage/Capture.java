package io.sysql.storage;

import io.sysql.capture.event.Event;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.storage.columns.HeadColumnsCatchUp;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.HistoryIndexFile;
import io.sysql.storage.journal.EventCodec;
import io.sysql.storage.journal.Journal;
import io.sysql.storage.state.StateMachine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A capture opened for reading: its metadata, its journal and its history index, kept current with a
 * journal that may still be growing (another process recording into it).
 *
 * <p>The index is derived data. Opening loads the persisted one; a missing or stale index is brought
 * up to date by replaying only the journal's tail, and persisted again once the capture is complete.
 *
 * <p>The journal (a Chronicle Queue: milliseconds to open, the larger part of opening a capture) is opened
 * at the first read of events. A sealed capture's last event is known from its metadata, so state at a
 * point and the head columns answer without opening it (a query over many captures opens none).
 */
public final class Capture implements AutoCloseable {
    private final Path dir;
    /**
     * The last event of a sealed capture (finished, its journal files matching their fingerprints, so its
     * metadata's event count is the journal's; of a damaged one, the last event before the damage); -1 for
     * one without fingerprints (recording, or ended abruptly).
     */
    private final long sealedLastNum;
    private Journal journal;
    private boolean closed;
    private final HeadColumns columns;
    /** Null when the journal is whole; else where it is damaged and which events are read. */
    private final String damage;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private CaptureMetadata metadata;
    private HistoryIndex index;
    private StateMachine state;

    private Capture(Path dir) throws IOException {
        this.dir = dir;
        this.metadata = CaptureMetadata.read(dir);
        long format = metadata.getLong(CaptureMetadata.FORMAT_VERSION, EventCodec.FORMAT_VERSION);
        if (format < EventCodec.OLDEST_READABLE_FORMAT || format > EventCodec.FORMAT_VERSION) {
            throw new CaptureException(dir + " holds a journal in format " + format + "; this sysql reads formats "
                    + EventCodec.OLDEST_READABLE_FORMAT + " to " + EventCodec.FORMAT_VERSION
                    + " (record or import it again)");
        }
        JournalFingerprints.Damage damaged = JournalFingerprints.verify(dir, metadata);
        this.damage = damaged == null ? null : damaged.description();
        if (damaged != null) { // read from the blocks before the damage, already found: no Chronicle to open
            this.journal = Journal.openPrefix(dir, damaged.prefix());
            this.sealedLastNum = damaged.prefix().lastNum();
        } else {
            this.sealedLastNum = metadata.hasJournalFingerprints() ? metadata.getLong(CaptureMetadata.EVENTS, -1) : -1;
        }
        this.columns = HeadColumns.open(dir);
    }

    /** Opens the capture in {@code dir}; a clear {@link CaptureException} when there is none. */
    public static Capture open(Path dir) {
        if (Files.notExists(dir)) {
            throw new CaptureException("no such capture directory: " + dir);
        }
        // Neither file there, not even as a link: a directory given by mistake, whatever else it holds.
        if (Files.notExists(dir.resolve(CaptureMetadata.FILE_NAME), LinkOption.NOFOLLOW_LINKS)
                && Files.notExists(dir.resolve(Journal.DIR_NAME), LinkOption.NOFOLLOW_LINKS)) {
            throw notACapture(dir);
        }
        try {
            CaptureFiles.refuseForeign(dir);
        } catch (IOException e) {
            throw new CaptureException("cannot open capture " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(dir.resolve(CaptureMetadata.FILE_NAME)) || !Journal.exists(dir)) {
            throw notACapture(dir);
        }
        try {
            Capture c = new Capture(dir);
            c.refresh();
            return c;
        } catch (IOException e) {
            throw new CaptureException("cannot open capture " + dir + ": " + e.getMessage(), e);
        }
    }

    private static CaptureException notACapture(Path dir) {
        return new CaptureException(dir + " is not a sysql capture (no " + CaptureMetadata.FILE_NAME
                + " and journal in it)");
    }

    public Path directory() {
        return dir;
    }

    public CaptureMetadata metadata() {
        return metadata;
    }

    /** The recorder is still writing this capture. */
    public boolean isRecording() {
        return CaptureMetadata.STATE_RECORDING.equals(metadata.get(CaptureMetadata.STATE)) && recorderAlive();
    }

    /** The recorder died without completing the capture (killed, power loss): what was written is kept. */
    public boolean endedAbruptly() {
        return CaptureMetadata.STATE_RECORDING.equals(metadata.get(CaptureMetadata.STATE)) && !recorderAlive();
    }

    /**
     * Null when the capture's journal is whole. Else one line: the journal file damaged, at which byte, and
     * the events before the damage, which are all the capture reads (its index and answers cover those).
     */
    public String damage() {
        return damage;
    }

    /**
     * The state users are told, the same in every place: damaged ({@link #damage}), recording, ended
     * abruptly (the recorder died before completing it), or as the metadata says (complete, partial).
     */
    public String state() {
        return damage != null ? CaptureMetadata.STATE_DAMAGED
                : isRecording() ? CaptureMetadata.STATE_RECORDING
                : endedAbruptly() ? CaptureMetadata.STATE_ENDED_ABRUPTLY : metadata.get(CaptureMetadata.STATE);
    }

    private boolean recorderAlive() {
        long pid = metadata.getLong(CaptureMetadata.RECORDER_PID, -1);
        long start = metadata.getLong(CaptureMetadata.RECORDER_START, 0);
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive()
                && h.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L) == start;
    }

    /**
     * Catches the index up with the journal (events written since the last look) and returns the number
     * of the last event.
     */
    public long refresh() {
        lock.writeLock().lock();
        try {
            if (sealedLastNum < 0) { // a finished capture's metadata does not change
                metadata = CaptureMetadata.read(dir);
            }
            if (index == null) {
                index = loadIndex();
            }
            long last = journalLastNum();
            if (last > index.lastNum()) {
                if (state == null) {
                    state = index.lastNum() == 0 ? new StateMachine(index) : StateMachine.resume(index);
                }
                replay(index.lastNum() + 1);
                if (!isRecording()) {
                    persistIndex();
                }
            }
            if (!isRecording() && columns.rows() < last) {
                HeadColumnsCatchUp.run(dir, journal());
            }
            return index.lastNum();
        } catch (IOException e) {
            throw new CaptureException("cannot read capture " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private HistoryIndex loadIndex() {
        Path file = dir.resolve(HistoryIndexFile.FILE_NAME);
        if (Files.isRegularFile(file)) {
            try {
                HistoryIndex persisted = HistoryIndexFile.read(file);
                // An index beyond the journal is of another capture, or of a journal since cut: not this one's.
                if (persisted.lastNum() <= journalLastNum()) {
                    return persisted;
                }
            } catch (IOException | RuntimeException unreadable) {
                // Derived data: a damaged index is rebuilt from the journal below.
            }
        }
        return new HistoryIndex();
    }

    private void replay(long fromNum) {
        Event e = new Event();
        try (Journal.Cursor cursor = journal().cursor(fromNum)) {
            while (cursor.next(e)) {
                state.apply(e);
            }
        }
    }

    private void persistIndex() throws IOException {
        if (Files.isWritable(dir)) {
            HistoryIndexFile.write(index, dir.resolve(HistoryIndexFile.FILE_NAME));
        }
    }

    /** Throws the index away and replays the whole journal; persists the result. */
    public void rebuildIndex() {
        lock.writeLock().lock();
        try {
            index = new HistoryIndex();
            state = new StateMachine(index);
            replay(1);
            persistIndex();
        } catch (IOException e) {
            throw new CaptureException("cannot write index of " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs {@code query} against the index under a read lock (the index may be growing). */
    public <T> T read(Function<HistoryIndex, T> query) {
        lock.readLock().lock();
        try {
            return query.apply(index);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Processes, threads and fds right after event {@code num}. */
    public HistoryIndex.StateAt at(long num) {
        return read(i -> i.at(num));
    }

    public long lastNum() {
        return read(HistoryIndex::lastNum);
    }

    /**
     * The last event whose timestamp is at or before {@code tsNanos}; 0 when the capture starts later.
     */
    public long lastNumAtOrBefore(long tsNanos) {
        long rows = columns.rows();
        if (sealedLastNum >= 0) {
            rows = Math.min(rows, sealedLastNum); // the columns of a damaged journal go beyond what is read of it
        }
        long inColumns = rows == 0 ? 0 : columns.lastRowAtOrBefore(tsNanos, rows);
        if (inColumns < rows || rows == sealedLastNum) {
            return inColumns;
        }
        long from = Math.max(inColumns, read(i -> i.sampleAtOrBefore(tsNanos)));
        if (from == 0) {
            return 0;
        }
        long found = from;
        Event e = new Event();
        try (Journal.Cursor cursor = journal().cursor(from)) {
            while (cursor.nextHead(e) && e.ts <= tsNanos) {
                found = e.num;
            }
        }
        return found;
    }

    /** A cursor over the journal from event {@code fromNum}. */
    public Journal.Cursor events(long fromNum) {
        return journal().cursor(fromNum);
    }

    /** The head columns of events {@code 1..columns().rows()}; the journal holds all events. */
    public HeadColumns columns() {
        return columns;
    }

    /** Events per type, read from the journal. */
    public Map<String, Long> countsByType() {
        Map<String, Long> counts = new TreeMap<>();
        Event e = new Event();
        try (Journal.Cursor cursor = journal().cursor(1)) {
            while (cursor.nextHead(e)) {
                counts.merge(e.kind.name(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The number of the journal's last event, read from the journal unless the capture is sealed. */
    private long journalLastNum() {
        return sealedLastNum >= 0 ? sealedLastNum : journal().lastNum();
    }

    private synchronized Journal journal() {
        if (closed) {
            throw new IllegalStateException("capture " + dir + " is closed");
        }
        if (journal == null) {
            journal = Journal.openForRead(dir);
        }
        return journal;
    }

    @Override
    public synchronized void close() {
        closed = true;
        columns.close();
        if (journal != null) {
            journal.close();
        }
    }
}
