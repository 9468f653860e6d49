package io.sysql.storage.journal;

import io.sysql.capture.event.Event;
import io.sysql.storage.CaptureFiles;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.ReadBytesMarshallable;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The events of a capture in a Chronicle Queue, in blocks: one binary excerpt holds up to
 * {@link #MAX_EVENTS_PER_BLOCK} consecutive events, headed by the first one's number and their count
 * (Chronicle's per-excerpt protocol costs more than encoding an event, and the events of a block are
 * coded against each other, see {@link EventCodec}). A block is written when full, on {@link #flush} and
 * on {@link #close}; the writer flushes a block left open too long, so that a capture being recorded
 * stays readable.
 *
 * <p>Event {@code n} is found from block sizes, then by a binary search over the blocks' first numbers:
 * every block holds at least one and at most {@link #MAX_EVENTS_PER_BLOCK} events, so block
 * {@code (n - 1) / MAX} starts at or before {@code n} and block {@code n - 1} after it; when blocks are
 * full (as they are unless the writer flushed early) the first guess is the answer. The queue's clock is pinned to the capture's
 * start so the whole capture lives in one roll cycle (XLARGE_DAILY holds 2^40 excerpts per cycle).
 *
 * <p>Names that events repeat are stored as ids of the journal's string dictionary, a file beside the
 * queue's ({@link DictionaryWriter}), written before the blocks that use its entries.
 *
 * <p>A journal damaged on disk is read without Chronicle, from the blocks before the damage
 * ({@link JournalPrefix}).
 */
public final class Journal implements AutoCloseable {
    public static final String DIR_NAME = "journal";
    /** Part of the format: readers rely on it to bound the search for an event's block. */
    static final int MAX_EVENTS_PER_BLOCK = 64;
    /** Large events (snapshots with long arguments, data) end a block early to keep excerpts small. */
    private static final int MAX_BLOCK_BYTES = 32 * 1024;
    private static final RollCycle ROLL_CYCLE = LargeRollCycles.XLARGE_DAILY;
    /**
     * Chronicle finds an excerpt from an index entry every this many excerpts, then by walking the ones
     * between: the roll cycle's 256 would walk ~350 KB of blocks on average.
     */
    private static final int INDEX_SPACING = 16;

    /** Null when the journal is read from {@link #prefix}. */
    private final SingleChronicleQueue queue;
    /** The readable blocks of a damaged journal, read without Chronicle; null when the journal is whole. */
    private final JournalPrefix prefix;
    private final Path dir;
    private boolean filesPrivate;
    private final boolean writable;
    /** The writer's string dictionary; null when read-only. */
    private final DictionaryWriter names;
    /** The dictionary as the cursors read it, shared by all of them. */
    private final DictionaryReader knownNames;
    private ExcerptAppender appender;
    private final RecordBuffer block = new RecordBuffer();
    private final EventCodec.Previous previous = new EventCodec.Previous();
    private long blockFirstNum;
    private int blockCount;
    /** The number {@link #append} expects: without gaps, block {@code (n - 1) / MAX} starts at or before n. */
    private long nextNum;

    private Journal(SingleChronicleQueue queue, JournalPrefix prefix, Path dir, boolean writable) {
        this.queue = queue;
        this.prefix = prefix;
        this.dir = dir;
        this.writable = writable;
        this.names = writable ? DictionaryWriter.open(dir) : null;
        this.knownNames = new DictionaryReader(dir);
    }

    /** Creates or continues the journal under {@code captureDir}; its clock is the capture's start. */
    public static Journal openForWrite(Path captureDir, long startMillis) {
        Path dir = captureDir.resolve(DIR_NAME);
        SingleChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(ROLL_CYCLE)
                .indexSpacing(INDEX_SPACING)
                .timeProvider(() -> startMillis)
                .build();
        Journal journal = new Journal(q, null, dir, true);
        journal.nextNum = journal.lastNum() + 1;
        return journal;
    }

    public static Journal openForRead(Path captureDir) {
        Path dir = captureDir.resolve(DIR_NAME);
        SingleChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(ROLL_CYCLE)
                .indexSpacing(INDEX_SPACING)
                .readOnly(true)
                .build();
        return new Journal(q, null, dir, false);
    }

    /**
     * The journal under {@code captureDir} as far as {@code prefix} reads it, for a journal damaged beyond
     * it; the journal closes the prefix.
     */
    public static Journal openPrefix(Path captureDir, JournalPrefix prefix) {
        return new Journal(null, prefix, captureDir.resolve(DIR_NAME), false);
    }

    /** A file of the journal directory: Chronicle's (cycle and table files) or the dictionary. */
    public static boolean isJournalFile(String name) {
        return isCycleFile(name) || isTableFile(name) || name.equals(DictionaryReader.FILE_NAME);
    }

    /** Chronicle's table file: which cycle files the queue has, read by Chronicle only. */
    public static boolean isTableFile(String name) {
        return name.endsWith(".cq4t");
    }

    /** A journal file whose events are read through Chronicle's mapping of it (the cycle file). */
    public static boolean isCycleFile(String name) {
        return name.endsWith(".cq4");
    }

    public static boolean exists(Path captureDir) {
        return Files.isDirectory(captureDir.resolve(DIR_NAME));
    }

    /**
     * Adds {@code e}, numbered right after the last event, to the block being built, writing the block
     * when it is full. Readers see the event once its block is written.
     */
    public void append(Event e) {
        if (!writable) {
            throw new IllegalStateException("journal opened read-only");
        }
        if (e.num != nextNum) {
            throw new IllegalArgumentException("journal expects event " + nextNum + ", not " + e.num);
        }
        nextNum++;
        if (blockCount == 0) {
            blockFirstNum = e.num;
        }
        EventCodec.write(e, block, previous, names);
        blockCount++;
        if (blockCount == MAX_EVENTS_PER_BLOCK || block.length() >= MAX_BLOCK_BYTES) {
            flush();
        }
    }

    /**
     * Chronicle creates its files with the process's umask (0644 usually), the cycle file at the first
     * block: made 0600 then. The whole capture is one cycle, so no file appears later.
     */
    private void makeFilesPrivate() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                CaptureFiles.restrict(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the files of " + dir, e);
        }
        filesPrivate = true;
    }

    /** Writes the events appended so far as a block, making them visible to readers. */
    public void flush() {
        if (blockCount == 0) {
            return;
        }
        if (appender == null) {
            appender = queue.createAppender();
            // Writers are serialized by the caller (CaptureWriter is synchronized) but not bound to one
            // thread: a system recording writes the snapshot from one thread, events from another, and
            // the flush timer from a third.
            appender.singleThreadedCheckDisabled(true);
        }
        names.writePending(); // before the block that may refer to them becomes visible
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().writeStopBit(blockFirstNum).writeStopBit(blockCount).write(block.array(), 0, block.length());
        }
        if (!filesPrivate) {
            makeFilesPrivate();
        }
        block.clear();
        previous.reset();
        blockCount = 0;
    }

    /**
     * Forgets the block being built without writing it: after a fault of the mapping (a full file system)
     * writing it again would fault again.
     */
    public void discardOpenBlock() {
        block.clear();
        previous.reset();
        blockCount = 0;
    }

    /** The number of the first event of the block being built, 0 when every event appended is written. */
    public long openBlockFirstNum() {
        return blockCount == 0 ? 0 : blockFirstNum;
    }

    /** The number of the last event written (by any process), 0 when empty. */
    public long lastNum() {
        if (prefix != null) {
            return prefix.lastNum();
        }
        queue.refreshDirectoryListing();
        long last = queue.lastIndex();
        if (last < 0) {
            return 0;
        }
        try (ExcerptTailer tailer = queue.createTailer()) {
            long[] header = new long[2];
            // A block still being written by another process is not readable yet: the one before it is.
            if (readHeader(tailer, last, header) || ROLL_CYCLE.toSequenceNumber(last) > 0
                    && readHeader(tailer, last - 1, header)) {
                return header[0] + header[1] - 1;
            }
            return 0;
        }
    }

    /** Reads the first number and count of the block at {@code index} into {@code header}. */
    private static boolean readHeader(ExcerptTailer tailer, long index, long[] header) {
        if (!tailer.moveToIndex(index)) {
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            header[0] = dc.wire().bytes().readStopBit();
            header[1] = dc.wire().bytes().readStopBit();
            return true;
        }
    }

    /** A cursor positioned before event {@code fromNum} (at least 1). */
    public Cursor cursor(long fromNum) {
        return new Cursor(fromNum);
    }

    @Override
    public void close() {
        if (writable) {
            flush();
        }
        if (appender != null) {
            appender.close();
        }
        if (names != null) {
            names.close();
        }
        if (prefix != null) {
            prefix.close();
        } else {
            queue.close();
        }
    }

    /** Reads events in order from a starting number; reuses one {@link Event}. */
    public final class Cursor implements AutoCloseable {
        private static final Predicate<Event> ALL = e -> true;
        private static final Predicate<Event> NONE = e -> false;
        /** Null when reading {@link #prefix}. */
        private final ExcerptTailer tailer = prefix == null ? queue.createTailer() : null;
        private final RecordBuffer received = new RecordBuffer();
        private final EventCodec.Previous previous = new EventCodec.Previous();
        private final long[] header = new long[2];
        private final ReadBytesMarshallable blockReader = this::receive;
        private long next;
        private boolean positioned;
        /** The number of the next event to decode from the block in {@link #received}. */
        private long blockNext;
        private long blockLeft;
        /** The next block of {@link #prefix} to read. */
        private int prefixBlock;

        private Cursor(long fromNum) {
            // A cursor may pass from thread to thread (a server fetches each result frame on whichever request
            // thread is free), never used by two at once: Chronicle's owner-thread check would refuse that.
            if (tailer != null) {
                tailer.singleThreadedCheckDisabled(true);
            }
            next = Math.max(1, fromNum);
        }

        /** The number the next successful {@link #next} or {@link #nextHead} will return. */
        public long position() {
            return next;
        }

        /** Decodes the next event whole into {@code into}; false at the end of what is written so far. */
        public boolean next(Event into) {
            return read(into, ALL);
        }

        /** Decodes only the head of the next event (num, ts, pid, tid, type, res, errno). */
        public boolean nextHead(Event into) {
            return read(into, NONE);
        }

        /**
         * Decodes the head of the next event and, only when {@code wantBody} accepts that head, its body:
         * a filter on head fields (pid, type...) then costs no body decoding for the events it rejects.
         * False at the end of what is written so far; a rejected event's body fields stay cleared.
         */
        public boolean next(Event into, Predicate<Event> wantBody) {
            return read(into, wantBody);
        }

        private boolean read(Event into, Predicate<Event> wantBody) {
            while (true) {
                if (blockLeft == 0 && !nextBlock()) {
                    return false;
                }
                int flags = EventCodec.readHead(received, blockNext++, into, previous);
                blockLeft--;
                // A seek lands on the block holding the wanted event: the events before it are skipped.
                if (into.num >= next && wantBody.test(into)) {
                    EventCodec.readBody(received, flags, into, knownNames);
                } else {
                    EventCodec.skipBody(received, flags);
                }
                if (into.num >= next) {
                    next = into.num + 1;
                    return true;
                }
            }
        }

        private boolean nextBlock() {
            if (prefix != null) {
                return loadFromPrefix();
            }
            return positioned ? load() : seek();
        }

        private boolean loadFromPrefix() {
            if (!positioned) {
                prefixBlock = prefix.blockHolding(next);
                positioned = true;
            }
            if (prefixBlock >= prefix.blocks()) {
                return false;
            }
            prefix.read(prefixBlock++, received, header);
            blockNext = header[0];
            blockLeft = header[1];
            previous.reset();
            return true;
        }

        private boolean load() {
            boolean read = tailer.readBytes(blockReader);
            if (read) {
                blockNext = header[0];
                blockLeft = header[1];
                previous.reset();
            }
            return read;
        }

        private void receive(BytesIn<?> in) {
            header[0] = in.readStopBit();
            header[1] = in.readStopBit();
            int length = (int) in.readRemaining();
            received.prepareRead(length);
            in.read(received.array(), 0, length);
        }

        /**
         * Loads the block holding event {@link #next}, or the last block when that event is not yet written.
         * A guess from block sizes is read whole: when blocks are full (the writer flushed none early) the
         * first is the one, and a few partial blocks before it cost a guess or two more.
         */
        private boolean seek() {
            queue.refreshDirectoryListing();
            int cycle = queue.firstCycle();
            long lastIndex = queue.lastIndex();
            if (cycle == Integer.MAX_VALUE || lastIndex < 0) {
                return false;
            }
            long lastBlock = ROLL_CYCLE.toSequenceNumber(lastIndex);
            // Invariant: block lo starts at or before next, and no block after hi does.
            long lo = Math.min(lastBlock, (next - 1) / MAX_EVENTS_PER_BLOCK);
            long hi = Math.min(lastBlock, next - 1);
            for (int guess = 0; guess < 3; guess++) {
                if (!tailer.moveToIndex(ROLL_CYCLE.toIndex(cycle, lo)) || !load()) {
                    return false;
                }
                long missing = next - (blockNext + blockLeft - 1); // events between block lo's last and next
                if (missing <= 0 || lo == hi) {
                    positioned = true;
                    return true;
                }
                hi = Math.min(hi, lo + missing); // every block holds at least one event...
                lo += 1 + (missing - 1) / MAX_EVENTS_PER_BLOCK; // ...and at most MAX
            }
            while (lo < hi) {
                long mid = lo + (hi - lo + 1) / 2;
                if (firstNumOf(cycle, mid) <= next) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            positioned = tailer.moveToIndex(ROLL_CYCLE.toIndex(cycle, lo)) && load();
            return positioned;
        }

        private long firstNumOf(int cycle, long block) {
            if (!readHeader(tailer, ROLL_CYCLE.toIndex(cycle, block), header)) {
                throw new IllegalStateException("journal block " + block + " cannot be read");
            }
            return header[0];
        }

        @Override
        public void close() {
            if (tailer != null) {
                tailer.close();
            }
        }
    }
}
