package io.sysql.capture.scap;

import io.sysql.capture.source.ReadProgress;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.NamespaceIds;
import io.sysql.capture.event.TidMap;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a sysdig/falco {@code .scap} capture (gzip-compressed or plain) and delivers it as sysql events:
 * first the snapshot (users, groups, processes, threads, fds), then one event per syscall with its enter
 * folded into its exit, plus the capture's standalone events.
 *
 * <p>A file that does not start with a scap section header is rejected with {@link ScapFormatException}. A
 * fault later on (a truncated file, a block whose length is wrong, a malformed list) ends the read: what came
 * before was delivered, and the summary is {@link ScapSummary#partial() partial} and locates the fault.
 * Events whose parameters cannot be decoded become {@code unknown} events and are counted as parse errors.
 */
public final class ScapReader {
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int BLOCK_OVERHEAD = 12;
    private static final long PROGRESS_EVERY = 1 << 20;

    private final ScapInput input;
    private final EventSink sink;
    private final SourceCounters counters;
    private final ReadProgress progress;
    private final Event event = new Event();
    private final TidMap pids = new TidMap();
    private final EventCounter counter = new EventCounter();
    private final SnapshotDecoder snapshot;
    private final ScapEventDecoder events;
    private final Map<String, Long> blocks = new TreeMap<>();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    /** The segment read now, its index and where it starts in the capture. */
    private ByteBuffer buf;
    private int segment = -1;
    private long base;

    private String hostname;
    private int numCpus;
    private long memoryBytes;
    private long bootTs;
    private int major;
    private int minor;
    private long eventBlocks;
    private long firstTs;
    private long lastTs;

    private ScapReader(ScapInput input, EventSink sink, SourceCounters counters, ReadProgress progress,
            int snaplen) {
        this.input = input;
        this.sink = sink;
        this.counters = counters;
        this.progress = progress;
        NamespaceIds namespaceIds = new NamespaceIds();
        this.snapshot = new SnapshotDecoder(sink, event, pids, namespaceIds, counter, counters);
        this.events = new ScapEventDecoder(input, sink, event, pids, namespaceIds, counters, counter, snaplen);
    }

    /** Reads with sysdig's default snaplen ({@link Event#DEFAULT_SNAPLEN} data bytes per event). */
    public static ScapSummary read(Path file, EventSink sink, SourceCounters counters, ReadProgress progress)
            throws IOException {
        return read(file, sink, counters, progress, Event.DEFAULT_SNAPLEN);
    }

    /**
     * @param snaplen at most this many data bytes are kept per read/write-family event
     * @throws ScapFormatException when the file is not a scap capture at all
     * @throws IOException         when the file cannot be read
     */
    public static ScapSummary read(Path file, EventSink sink, SourceCounters counters, ReadProgress progress,
            int snaplen) throws IOException {
        return read(file, sink, counters, progress, snaplen, ScapInput.SEGMENT_SIZE);
    }

    /** @param segmentSize bytes mapped at once (tests read with small segments to cross many boundaries) */
    static ScapSummary read(Path file, EventSink sink, SourceCounters counters, ReadProgress progress,
            int snaplen, int segmentSize) throws IOException {
        ReadProgress told = progress == null ? ReadProgress.NONE : progress;
        try (ScapInput input = ScapInput.open(file, segmentSize, told)) {
            return new ScapReader(input, sink, counters, told, snaplen).run();
        }
    }

    /**
     * Walks the blocks of one segment with int positions; a block that does not fit what is left of the
     * segment starts the next one, unless the capture ends there.
     */
    private ScapSummary run() throws IOException {
        long size = input.size();
        String compressionFault = input.truncatedCompression();
        readSectionHeader(size);
        int pos = buf.getInt(4);
        int limit = buf.limit();
        long nextProgress = PROGRESS_EVERY;
        while (pos < limit || base + limit < size) {
            if (limit - pos < 8) {
                if (base + limit < size) {
                    mapSegment(base + pos, 8);
                    pos = 0;
                    limit = buf.limit();
                    continue;
                }
                return partial(base + pos, 0, "block header cut short: " + (limit - pos) + " bytes left"
                        + suffix(compressionFault));
            }
            int type = buf.getInt(pos);
            int length = buf.getInt(pos + 4);
            if (length < BLOCK_OVERHEAD) {
                return partial(base + pos, type, "impossible block length " + length);
            }
            if ((long) pos + length > limit) {
                if (base + limit < size) {
                    mapSegment(base + pos, length);
                    pos = 0;
                    limit = buf.limit();
                    continue;
                }
                return partial(base + pos, type, "block of " + length + " bytes runs past the end of the data ("
                        + (limit - pos) + " bytes left): the capture is truncated" + suffix(compressionFault));
            }
            int trailer = buf.getInt(pos + length - 4);
            if (trailer != length) {
                return partial(base + pos, type, "wrong block length: header says " + length
                        + ", trailer says " + trailer);
            }
            if (ScapBlockType.isPcapng(type)) {
                throw new ScapFormatException("not a scap capture: a pcapng packet capture", base + pos, type);
            }
            try {
                readBlock(type, pos + 8, pos + length - 4);
            } catch (BlockCursor.MalformedBlockException | IndexOutOfBoundsException ex) {
                return partial(base + pos, type, "malformed block: " + ex.getMessage());
            }
            if (!ScapBlockType.isEvent(type)) {
                blocks.merge(ScapBlockType.describe(type), 1L, Long::sum);
            }
            pos += length;
            if (base + pos >= nextProgress) {
                progress.update(base + pos, size, counter.total());
                nextProgress = base + pos + PROGRESS_EVERY;
            }
        }
        progress.update(size, size, counter.total());
        if (compressionFault != null) {
            return partial(size, 0, "the compressed stream ends early: " + compressionFault);
        }
        return summary(false, -1, 0, null);
    }

    private void mapSegment(long start, int minLength) throws IOException {
        buf = input.map(start, minLength).order(order);
        segment++;
        base = start;
    }

    private static String suffix(String compressionFault) {
        return compressionFault == null ? "" : " (the compressed stream ends early: " + compressionFault + ")";
    }

    private void readSectionHeader(long size) throws IOException {
        if (size < 28) {
            throw new ScapFormatException("not a scap capture: only " + size + " bytes", 0, 0);
        }
        mapSegment(0, 28);
        int type = buf.getInt(0);
        if (type != ScapBlockType.SECTION_HEADER) {
            throw new ScapFormatException("not a scap capture: it does not start with a section header block", 0,
                    type);
        }
        int magic = buf.getInt(8);
        if (magic != BYTE_ORDER_MAGIC) {
            if (Integer.reverseBytes(magic) != BYTE_ORDER_MAGIC) {
                throw new ScapFormatException("not a scap capture: bad byte-order magic 0x"
                        + Integer.toHexString(magic), 0, type);
            }
            order = ByteOrder.BIG_ENDIAN;
            buf.order(order);
        }
        int length = buf.getInt(4);
        if (length >= 28 && length <= size && length > buf.limit()) {
            mapSegment(0, length);
        }
        if (length < 28 || length > buf.limit() || buf.getInt(length - 4) != length) {
            throw new ScapFormatException("not a scap capture: bad section header length " + length, 0, type);
        }
        major = buf.getShort(12) & 0xFFFF;
        minor = buf.getShort(14) & 0xFFFF;
        blocks.merge(ScapBlockType.describe(type), 1L, Long::sum);
    }

    private void readBlock(int type, int start, int end) {
        int procVersion = ScapBlockType.procListVersion(type);
        if (procVersion > 0) {
            snapshot.processList(buf, base, start, end, procVersion);
        } else if (ScapBlockType.isEvent(type)) {
            readEvent(type, start, end);
        } else {
            switch (type) {
                case ScapBlockType.MACHINE_INFO:
                case ScapBlockType.MACHINE_INFO_INT:
                    readMachineInfo(start, end);
                    break;
                case ScapBlockType.FD_LIST:
                case ScapBlockType.FD_LIST_INT:
                case ScapBlockType.FD_LIST_V2:
                    snapshot.fdList(buf, base, start, end, type == ScapBlockType.FD_LIST_V2);
                    break;
                case ScapBlockType.USER_LIST:
                case ScapBlockType.USER_LIST_INT:
                case ScapBlockType.USER_LIST_V2:
                    snapshot.userList(buf, base, start, end, type == ScapBlockType.USER_LIST_V2);
                    break;
                default:
                    // interface lists and unknown blocks: nothing sysql uses; their length carries us past
                    break;
            }
        }
    }

    private void readEvent(int type, int start, int end) {
        int header = ScapBlockType.eventHeader(type, start);
        boolean hasParamCount = ScapBlockType.eventHasParamCount(type);
        int headerLength = hasParamCount ? 26 : 22;
        if (header + headerLength > end) {
            throw new BlockCursor.MalformedBlockException("event block too short for an event header");
        }
        int cpu = buf.getShort(start) & 0xFFFF;
        long evtLen = buf.getInt(header + 16) & 0xFFFFFFFFL;
        if (evtLen < headerLength || header + evtLen > end) {
            throw new BlockCursor.MalformedBlockException("event length " + evtLen + " does not fit its block");
        }
        long ts = buf.getLong(header);
        if (eventBlocks == 0) {
            snapshot.endOfSnapshot();
        }
        eventBlocks++;
        // some metadata events (old container events) carry no timestamp
        if (firstTs == 0) {
            firstTs = ts;
        }
        if (ts != 0) {
            lastTs = ts;
        }
        events.onEvent(buf, segment, start, header, header + (int) evtLen, hasParamCount, cpu);
    }

    private void readMachineInfo(int start, int end) {
        BlockCursor c = new BlockCursor(buf, base, start, end);
        numCpus = c.i32();
        memoryBytes = c.i64();
        c.i64(); // max pid
        int nameStart = c.position();
        c.skip(128);
        int nameEnd = nameStart;
        while (nameEnd < nameStart + 128 && buf.get(nameEnd) != 0) {
            nameEnd++;
        }
        hostname = new String(readBytes(nameStart, nameEnd - nameStart), StandardCharsets.UTF_8);
        if (c.remaining() >= 8) {
            bootTs = c.i64();
        }
    }

    private byte[] readBytes(int at, int len) {
        byte[] out = new byte[len];
        buf.get(at, out);
        return out;
    }

    private ScapSummary partial(long offset, int blockType, String message) {
        progress.update(offset, input.size(), counter.total());
        return summary(true, offset, blockType, message + " (block " + ScapBlockType.hex(blockType) + " "
                + ScapBlockType.describe(blockType) + " at byte offset " + offset + ")");
    }

    private ScapSummary summary(boolean partial, long faultOffset, int faultBlockType, String message) {
        snapshot.endOfSnapshot(); // a capture without events, or one cut short within its snapshot
        events.endOfCapture();
        if (eventBlocks > 0) {
            blocks.put(ScapBlockType.describe(ScapBlockType.EVENT), eventBlocks);
        }
        return new ScapSummary(hostname, numCpus, memoryBytes, bootTs, null, major, minor, input.compressed(), input.size(),
                Map.copyOf(blocks), eventBlocks, counter.total(), counter.snapshot(), firstTs, lastTs,
                partial, faultOffset, faultBlockType, message);
    }
}
