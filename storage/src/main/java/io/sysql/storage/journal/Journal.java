package io.sysql.storage.journal;

import io.sysql.capture.event.Event;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * The events of a capture in a Chronicle Queue, one binary excerpt each, event {@code n} at sequence
 * {@code n - 1}. The queue's clock is pinned to the capture's start so the whole capture lives in one
 * roll cycle, which makes "event n" a direct index instead of a search (XLARGE_DAILY holds 2^40 excerpts
 * per cycle).
 */
public final class Journal implements AutoCloseable {
    public static final String DIR_NAME = "journal";
    private static final RollCycle ROLL_CYCLE = LargeRollCycles.XLARGE_DAILY;

    private final SingleChronicleQueue queue;
    private final boolean writable;
    private ExcerptAppender appender;
    private final RecordBuffer record = new RecordBuffer();

    private Journal(SingleChronicleQueue queue, boolean writable) {
        this.queue = queue;
        this.writable = writable;
    }

    /** Creates or continues the journal under {@code captureDir}; its clock is the capture's start. */
    public static Journal openForWrite(Path captureDir, long startMillis) {
        SingleChronicleQueue q = SingleChronicleQueueBuilder.single(captureDir.resolve(DIR_NAME).toFile())
                .rollCycle(ROLL_CYCLE)
                .timeProvider(() -> startMillis)
                .build();
        return new Journal(q, true);
    }

    public static Journal openForRead(Path captureDir) {
        SingleChronicleQueue q = SingleChronicleQueueBuilder.single(captureDir.resolve(DIR_NAME).toFile())
                .rollCycle(ROLL_CYCLE)
                .readOnly(true)
                .build();
        return new Journal(q, false);
    }

    public static boolean exists(Path captureDir) {
        return Files.isDirectory(captureDir.resolve(DIR_NAME));
    }

    public void append(Event e) {
        if (!writable) {
            throw new IllegalStateException("journal opened read-only");
        }
        if (appender == null) {
            appender = queue.createAppender();
            // Writers are serialized by the caller (CaptureWriter is synchronized) but not bound to one
            // thread: a system recording writes the snapshot from one thread and events from another.
            appender.singleThreadedCheckDisabled(true);
        }
        record.clear();
        EventCodec.write(e, record);
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(record.array(), 0, record.length());
        }
    }

    /** The number of the last event written (by any process), 0 when empty. */
    public long lastNum() {
        queue.refreshDirectoryListing();
        long last = queue.lastIndex();
        if (last < 0) {
            return 0;
        }
        return ROLL_CYCLE.toSequenceNumber(last) + 1;
    }

    /** A cursor positioned before event {@code fromNum} (at least 1). */
    public Cursor cursor(long fromNum) {
        return new Cursor(fromNum);
    }

    @Override
    public void close() {
        if (appender != null) {
            appender.close();
        }
        queue.close();
    }

    /** Reads events in order from a starting number; reuses one {@link Event}. */
    public final class Cursor implements AutoCloseable {
        private static final Predicate<Event> ALL = e -> true;
        private static final Predicate<Event> NONE = e -> false;
        private final ExcerptTailer tailer = queue.createTailer();
        private final RecordBuffer received = new RecordBuffer();
        private long next;
        private boolean positioned;

        private Cursor(long fromNum) {
            // A cursor may pass from thread to thread (a server fetches each result frame on whichever request
            // thread is free), never used by two at once: Chronicle's owner-thread check would refuse that.
            tailer.singleThreadedCheckDisabled(true);
            next = Math.max(1, fromNum);
        }

        /** The number the next successful {@link #next} or {@link #nextHead} will return. */
        public long position() {
            return next;
        }

        /** Decodes the next event whole into {@code into}; false at the end of what is written so far. */
        public boolean next(Event into) {
            return read(into, true);
        }

        /** Decodes only the head of the next event (num, ts, pid, tid, type, res, errno). */
        public boolean nextHead(Event into) {
            return read(into, false);
        }

        /**
         * Decodes the head of the next event and, only when {@code wantBody} accepts that head, its body:
         * a filter on head fields (pid, type...) then costs no body decoding for the events it rejects.
         * False at the end of what is written so far; a rejected event's body fields stay cleared.
         */
        public boolean next(Event into, Predicate<Event> wantBody) {
            return read(into, wantBody);
        }

        private boolean read(Event into, boolean body) {
            return read(into, body ? ALL : NONE);
        }

        private boolean read(Event into, Predicate<Event> wantBody) {
            if (!positioned && !seek()) {
                return false;
            }
            boolean read = tailer.readBytes(in -> {
                int length = (int) in.readRemaining();
                received.prepareRead(length);
                in.read(received.array(), 0, length);
                EventCodec.readHead(received, into);
                if (wantBody.test(into)) {
                    EventCodec.readBody(received, into);
                }
            });
            if (read) {
                next = into.num + 1;
            }
            return read;
        }

        private boolean seek() {
            queue.refreshDirectoryListing();
            int cycle = queue.firstCycle();
            if (cycle == Integer.MAX_VALUE || queue.lastIndex() < 0) {
                return false;
            }
            positioned = tailer.moveToIndex(ROLL_CYCLE.toIndex(cycle, next - 1));
            return positioned;
        }

        @Override
        public void close() {
            tailer.close();
        }
    }
}
