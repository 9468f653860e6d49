package io.sysql.capture.source;

import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import java.util.Map;

/**
 * Where a capture's events come from: a command under strace, the whole machine through eBPF, a sysdig
 * file. A source delivers its own snapshot first (what it knows of the processes before its first call)
 * and then its calls, in order, to one sink, from one thread at a time. Storage's {@code Recording} runs
 * any source the same way, so a new one (a Kafka topic, a Perfetto trace) is one class implementing this.
 *
 * <p>Life: {@link #start} once, then {@link #awaitEnd} once; {@link #stop} at any time from any thread.
 */
public interface EventSource {
    /** The capture's {@code source} in its metadata ("strace", "ebpf", "scap"). */
    String name();

    /** What is recorded, as the capture's {@code command} shows it; null when there is nothing to say. */
    String description();

    /**
     * True for a source that replays a file: it decodes as fast as it can rather than following what
     * happens now, so the events may be written on another thread in batches, and its leading untimed
     * events (a file's lists) take the time of its first timed one.
     */
    default boolean replaysFile() {
        return false;
    }

    /**
     * Starts delivering events to {@code sink}; returns once what happens from now on is recorded (a
     * file source: once its reader runs).
     *
     * @throws SourceException nothing can be recorded; the message says why and what to do
     */
    void start(EventSink sink) throws SourceException;

    /**
     * Asks the source to end early; returns at once, and {@link #awaitEnd} returns after the last event.
     * Safe from a signal handler. A file source reads on to its end.
     */
    void stop();

    /**
     * Waits until the source has ended (by itself or after {@link #stop}) and delivered its last event.
     *
     * @throws SourceException the source failed after it started; what it delivered before stands, unless
     *                         it {@linkplain SourceException#recordedNothing() recorded nothing}
     */
    void awaitEnd() throws SourceException, InterruptedException;

    /** Counts of what the source met (unparsed input, vanished processes, drops...). */
    SourceCounters counters();

    /** Facts about the recording for the capture's metadata ({@link SourceMetadata} keys among them), complete after the end. */
    Map<String, Object> metadata();

    /** False when the source stopped at a fault before its natural end (a damaged file). */
    boolean complete();
}
