package io.sysql.storage;

import io.sysql.capture.event.Clock;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.source.EventSource;
import io.sysql.capture.source.SourceException;
import io.sysql.capture.source.SourceMetadata;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One capture recorded from one {@link EventSource}, from the checked directory to the completed
 * metadata, the same way for every source: the capture is created at the source's first event (so a source
 * that fails at once leaves nothing behind, nor one that fails having recorded nothing but its snapshot),
 * leading untimed events take the first timed one's time ({@link SnapshotStamp}), a file source decodes on its thread while the state machine and journal run on
 * another ({@link EventHandoff}), and the end writes the source's counters and facts.
 *
 * <p>{@link #start} returns once the source is live; {@link #stop} (any thread, signal handlers included)
 * asks it to end; {@link #finish} waits for the end and completes the capture.
 */
public final class Recording {
    /**
     * How a recording went.
     *
     * @param directory      the capture directory
     * @param events         events the source delivered, its snapshot's included
     * @param snapshotEvents events of the snapshot
     * @param counters       the source's counts (drops, parse errors...)
     * @param metadata       what the source reported (exit status, a file's facts...)
     * @param seconds        from {@link #start} to the end
     * @param failure        why the source stopped early (the capture is then partial), or null
     */
    public record Summary(Path directory, long events, long snapshotEvents, SourceCounters counters,
            Map<String, Object> metadata, double seconds, SourceException failure) {
        public long count(String counter) {
            return counters.get(counter);
        }

        /** The capture holds everything the source had to give. */
        public boolean complete() {
            return failure == null && CaptureMetadata.STATE_COMPLETE.equals(metadata.get(CaptureMetadata.STATE));
        }
    }

    private final Path dir;
    private final boolean force;
    private final EventSource source;
    private final SnapshotStamp stamp = new SnapshotStamp(this::write);
    private EventHandoff handoff;
    private final Object creating = new Object();
    private volatile CaptureWriter writer;
    private long startedNanos;
    private long startedTs;
    private Summary summary;

    /**
     * @throws CaptureException {@code dir} is taken (see {@link CaptureWriter#checkDirectory}): refused
     *                          before anything is recorded
     */
    public Recording(Path dir, boolean force, EventSource source) {
        CaptureWriter.checkDirectory(dir, force);
        this.dir = dir;
        this.force = force;
        this.source = source;
    }

    /**
     * Starts the source into the capture; returns once the source is live.
     *
     * @throws SourceException the source cannot record; nothing was written
     */
    public void start() throws SourceException {
        startedNanos = System.nanoTime();
        startedTs = Clock.nowNanos();
        EventSink sink = stamp;
        if (source.replaysFile()) {
            handoff = new EventHandoff(stamp, "sysql-capture-writer");
            sink = handoff;
        }
        try {
            source.start(sink);
        } catch (SourceException | RuntimeException | Error e) {
            if (handoff != null) {
                handoff.close();
            }
            throw e;
        }
    }

    /** Asks the source to end; {@link #finish} then returns once it has. */
    public void stop() {
        source.stop();
    }

    /**
     * Waits for the source's end and completes the capture with its counters, its facts and
     * {@code extra}: complete, or partial when the source failed or stopped at a fault.
     *
     * @throws SourceException the source failed before it delivered a single event (nothing was written),
     *                         or {@linkplain SourceException#recordedNothing() recorded nothing} but its
     *                         snapshot (the capture is removed)
     */
    public Summary finish(Map<String, ?> extra) throws SourceException, InterruptedException {
        if (summary != null) {
            return summary;
        }
        SourceException failure = null;
        try {
            source.awaitEnd();
        } catch (SourceException e) {
            failure = e;
        } catch (EventHandoff.Stopped e) {
            handoff.finish(); // throws what stopped the writer
            throw e;
        } finally {
            if (handoff != null) {
                handoff.close();
            }
        }
        if (handoff != null) {
            handoff.finish();
        }
        stamp.flush();
        if (failure != null && (writer == null || failure.recordedNothing())) {
            if (writer != null) {
                writer.discard();
            }
            throw failure;
        }
        Map<String, Object> facts = new HashMap<>(source.metadata());
        facts.put(CaptureMetadata.START_TS, startTs());
        if (extra != null) {
            facts.putAll(extra);
        }
        CaptureWriter w = writer();
        if (failure == null && w.diskFull() != null) {
            failure = new SourceException(w.diskFull(), 1);
            facts.put(SourceMetadata.FAULT, w.diskFull());
        }
        SourceCounters counters = source.counters();
        // Entries of the source skipped as damaged leave their processes out: not the whole capture either.
        String state = failure == null && source.complete() && counters.get(SourceCounters.DAMAGED_PROCESS_ENTRIES) == 0
                ? CaptureMetadata.STATE_COMPLETE : CaptureMetadata.STATE_PARTIAL;
        long delivered = w.eventCount();
        w.finish(counters, facts, state);
        facts.put(CaptureMetadata.STATE, state);
        summary = new Summary(dir, delivered, w.snapshotEventCount(), counters, facts,
                (System.nanoTime() - startedNanos) / 1e9, failure);
        return summary;
    }

    /**
     * A file starts at its first event, not when it was imported (null when it has no timed event); a
     * recording when it was started, before the capture was created at its first event (a system
     * recording's first event is written only after /proc was read).
     */
    private Long startTs() {
        if (!source.replaysFile()) {
            return startedTs;
        }
        return stamp.firstTs() == 0 ? null : stamp.firstTs();
    }

    /** Stops the source and completes the capture, for a recording that ends because its user is done with it. */
    public Summary stopAndFinish() throws SourceException, InterruptedException {
        stop();
        return finish(Map.of());
    }

    private void write(Event e) {
        CaptureWriter w = writer;
        (w == null ? writer() : w).accept(e);
    }

    private CaptureWriter writer() {
        synchronized (creating) {
            if (writer == null) {
                writer = CaptureWriter.create(dir, force, source.name(), source.description());
                writer.onDiskFull(source::stop);
            }
            return writer;
        }
    }
}
