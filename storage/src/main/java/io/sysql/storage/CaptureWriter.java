package io.sysql.storage;

import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.Clock;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.source.SourceMetadata;
import io.sysql.storage.columns.HeadColumnsWriter;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.HistoryIndexFile;
import io.sysql.storage.journal.EventCodec;
import io.sysql.storage.journal.Journal;
import io.sysql.storage.state.StateMachine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes a capture: numbers each event, applies it to the state machine (which records the history and
 * annotates the event with names as they were), and appends it to the journal — as it arrives, so a
 * capture of a long-running program grows while it runs and can be queried meanwhile. The journal
 * writes events in blocks; a timer writes a block still open at two consecutive ticks, so a quiet
 * recording's events reach readers within two ticks ({@link #TICK_MS} ms each) while a busy one's blocks
 * fill up (full blocks make finding an event one read).
 *
 * <p>When its file system runs low ({@link FreeSpace}) the capture stops taking events: the ones so far
 * are kept, the capture ends partial, and the listener given to {@link #onDiskFull} is told (to stop the
 * source).
 */
public final class CaptureWriter implements EventSink, AutoCloseable {
    private static final long TICK_MS = 20;
    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sysql-journal-flush");
        t.setDaemon(true);
        return t;
    });

    private final Path dir;
    private final CaptureMetadata metadata;
    private final Journal journal;
    private final HeadColumnsWriter columns;
    private final StateMachine state;
    private long num;
    private long lastTs;
    private long snapshotEvents;
    private boolean finished;
    private final ScheduledFuture<?> ticking;
    private long openBlockAtLastTick;
    private final FreeSpace space;
    /** Why the capture stopped taking events (its file system ran low), or null. */
    private String diskFull;
    /** The journal's mapping faulted: its open block is lost, and writing it again would fault again. */
    private boolean journalFaulted;
    private long droppedWhenFull;
    private Runnable onDiskFull = () -> { };
    /** {@link #discard} removes the directory too: it did not exist before this capture. */
    private final boolean madeDirectory;

    private CaptureWriter(Path dir, CaptureMetadata metadata, FreeSpace space, boolean madeDirectory) {
        this.dir = dir;
        this.madeDirectory = madeDirectory;
        this.metadata = metadata;
        this.space = space;
        long startMillis = metadata.getLong(CaptureMetadata.START_TS, System.currentTimeMillis() * 1_000_000L)
                / 1_000_000L;
        this.journal = Journal.openForWrite(dir, startMillis);
        this.columns = HeadColumnsWriter.create(dir);
        this.state = new StateMachine(new HistoryIndex());
        this.ticking = TICKER.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Creates a capture in {@code dir} (made 0700). A non-empty {@code dir} is refused unless
     * {@code force}, and even then only an earlier capture is replaced, never other files.
     */
    public static CaptureWriter create(Path dir, boolean force, String source, String command) {
        try {
            FreeSpace space = FreeSpace.of(dir);
            if (space.low()) {
                throw new CaptureException("cannot create capture in " + dir + ": " + space.fullMessage());
            }
            boolean madeDirectory = !Files.exists(dir);
            prepareDirectory(dir, force);
            CaptureMetadata m = new CaptureMetadata()
                    .put(CaptureMetadata.FORMAT_VERSION, EventCodec.FORMAT_VERSION)
                    .put(CaptureMetadata.HOST, hostName())
                    .put(CaptureMetadata.KERNEL, System.getProperty("os.name") + " " + System.getProperty("os.version"))
                    .put(CaptureMetadata.SOURCE, source)
                    .put(CaptureMetadata.COMMAND, command)
                    .put(CaptureMetadata.START_TS, Clock.nowNanos())
                    .put(CaptureMetadata.STATE, CaptureMetadata.STATE_RECORDING)
                    .put(CaptureMetadata.RECORDER_PID, ProcessHandle.current().pid())
                    .put(CaptureMetadata.RECORDER_START, ProcessHandle.current().info().startInstant()
                            .map(i -> i.toEpochMilli()).orElse(0L));
            m.write(dir);
            CaptureWriter w = new CaptureWriter(dir, m, space, madeDirectory);
            CaptureFiles.restrictAll(dir);
            return w;
        } catch (IOException e) {
            throw new CaptureException("cannot create capture in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses what {@link #create} would refuse: a file in the way, a non-empty {@code dir} without
     * {@code force}, or one that does not hold an earlier capture. Lets a command check before it records
     * or reads for long rather than after.
     *
     * @throws CaptureException saying what is in the way and what to do
     */
    public static void checkDirectory(Path dir, boolean force) {
        try {
            CaptureFiles.refuseForeign(dir);
        } catch (IOException e) {
            throw new CaptureException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CaptureException(dir + " exists and is not a directory");
        }
        if (!isOccupied(dir)) {
            return;
        }
        if (!force) {
            throw new CaptureException(dir + " is not empty; use --force to replace the capture in it");
        }
        if (!Files.exists(dir.resolve(CaptureMetadata.FILE_NAME))) {
            throw new CaptureException(dir + " is not empty and is not a sysql capture; refusing to delete it");
        }
    }

    private static boolean isOccupied(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new CaptureException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void prepareDirectory(Path dir, boolean force) throws IOException {
        checkDirectory(dir, force);
        if (isOccupied(dir)) {
            CaptureFiles.deleteCapture(dir);
        }
        CaptureFiles.createPrivateDirectory(dir);
    }

    /** What hostname(1) prints, read from the kernel: a resolver lookup of it costs tens of milliseconds, or fails. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public Path directory() {
        return dir;
    }

    public CaptureMetadata metadata() {
        return metadata;
    }

    /**
     * Numbers, applies and journals one event. Timestamps are made non-decreasing in journal order (a
     * source may deliver a call that ended a hair earlier than the one before it), so that "AS OF a
     * time" is one well-defined point.
     */
    @Override
    public synchronized void accept(Event e) {
        if (finished) {
            throw new IllegalStateException("capture already finished");
        }
        if (diskFull == null && space.lowAfter(num)) {
            stopFull(space.fullMessage());
        }
        if (diskFull != null) {
            droppedWhenFull++;
            return;
        }
        append(e);
    }

    /** Who to tell, once, that the capture stopped taking events because its file system is full. */
    public synchronized void onDiskFull(Runnable listener) {
        onDiskFull = listener;
    }

    /** Why the capture stopped taking events early (its file system ran low), or null. */
    public synchronized String diskFull() {
        return diskFull;
    }

    private void stopFull(String why) {
        diskFull = why + ": stopped after event " + num + ", kept as a partial capture";
        onDiskFull.run();
    }

    private void append(Event e) {
        e.num = ++num;
        if (e.ts < lastTs) {
            e.ts = lastTs;
        }
        lastTs = e.ts;
        if (e.kind.isSnapshot()) {
            snapshotEvents++;
        }
        state.apply(e);
        try {
            journal.append(e);
            columns.append(e);
        } catch (InternalError | UncheckedIOException fault) {
            // A fault of the journal's mapping, or a write refused: the file system filled up between two
            // looks (another writer took the space). Anything else is not ours to hide.
            if (!space.low()) {
                throw fault;
            }
            journalFaulted = fault instanceof InternalError;
            stopFull(space.fullMessage());
        }
    }

    /** Makes the events accepted so far visible to readers. */
    public synchronized void flush() {
        if (!finished && !journalFaulted) {
            journal.flush();
        }
    }

    private synchronized void tick() {
        if (finished || journalFaulted) {
            return;
        }
        long open = journal.openBlockFirstNum();
        if (open != 0 && open == openBlockAtLastTick) {
            journal.flush();
            open = 0;
        }
        openBlockAtLastTick = open;
    }

    public synchronized long eventCount() {
        return num;
    }

    /** Events of the snapshot (the source's leading description of the processes) so far. */
    public synchronized long snapshotEventCount() {
        return snapshotEvents;
    }

    /** Ends the capture: persists the history index and completes the metadata. */
    public synchronized void finish(SourceCounters counters, Map<String, ?> extra, String finalState) {
        if (finished) {
            return;
        }
        try {
            if (journalFaulted) {
                journal.discardOpenBlock();
                num = journal.lastNum(); // the open block was lost with the fault
            } else {
                Event end = Event.of(EventKinds.CAPTURE_END, 0, 0);
                // At the last event's time: an imported capture ends when its source did, not when imported.
                end.ts = num == 0 ? Clock.nowNanos() : lastTs;
                append(end);
            }
            closeFiles();
            writeHistoryIndex();
            JournalFingerprints.record(dir, metadata);
            // Only an imported file without a single timed event (its process list alone, or cut inside it)
            // ends at time 0: it has no end time, rather than one in 1970.
            metadata.put(CaptureMetadata.EVENTS, num)
                    .put(CaptureMetadata.SNAPSHOT_EVENTS, snapshotEvents)
                    .put(CaptureMetadata.END_TS, lastTs == 0 ? null : lastTs)
                    .put(CaptureMetadata.STATE, diskFull == null ? finalState : CaptureMetadata.STATE_PARTIAL);
            if (counters != null) {
                counters.snapshot().forEach((k, v) -> metadata.put(CaptureMetadata.COUNTER_PREFIX + k, v));
            }
            if (extra != null) {
                extra.forEach(metadata::put);
            }
            if (diskFull != null) {
                metadata.put(SourceMetadata.FAULT, diskFull).put(CaptureMetadata.DROPPED_DISK_FULL, droppedWhenFull);
            }
            metadata.write(dir);
            CaptureFiles.restrictAll(dir);
        } catch (IOException e) {
            throw new CaptureException("cannot complete capture " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Ends the writing: the tick stops, the journal and the columns are closed. */
    private void closeFiles() {
        finished = true;
        ticking.cancel(false);
        journal.close();
        columns.close();
    }

    /**
     * Throws the capture away, for a recording that recorded nothing of what it was asked to: its files, and
     * its directory when this writer made it.
     */
    public synchronized void discard() {
        if (finished) {
            return;
        }
        closeFiles();
        try {
            CaptureFiles.deleteCapture(dir);
            if (madeDirectory) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new CaptureException("cannot remove capture " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The history index is derived: on a file system that filled up it may not fit, and then the first
     * reader rebuilds it from the journal (an index of events the journal lost would be discarded as well).
     */
    private void writeHistoryIndex() throws IOException {
        Path file = dir.resolve(HistoryIndexFile.FILE_NAME);
        if (journalFaulted) {
            return;
        }
        try {
            HistoryIndexFile.write(state.history(), file);
        } catch (IOException e) {
            if (diskFull == null && !space.low()) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        finish(null, null, CaptureMetadata.STATE_COMPLETE);
    }
}
