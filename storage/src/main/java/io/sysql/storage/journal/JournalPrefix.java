package io.sysql.storage.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The blocks of a journal's cycle file that can be read without Chronicle: every block from the first
 * up to the first one that is not intact (a file cut short, a byte changed), read with plain reads. A
 * damaged journal is read this way because Chronicle's mapping faults (SIGBUS) past the end of a file cut
 * short, and its index and table file may be what is damaged; the blocks before the damage are found by
 * walking the excerpt headers from the start of the file, which needs neither.
 *
 * <p>Chronicle's excerpt header is a little-endian int: the length in the low 30 bits, bit 30 for a
 * metadata excerpt (the file's header, Chronicle's index), bit 31 for one not yet complete; excerpts are
 * 4-byte aligned; 0 where nothing is written yet. A metadata excerpt is skipped whether intact or not (it
 * is not read here), a block is kept only when its bytes are intact and its events follow the previous
 * block's.
 */
public final class JournalPrefix implements AutoCloseable {
    private static final int LENGTH_MASK = 0x3FFFFFFF;
    private static final int METADATA = 0x40000000;
    /** An excerpt's header and, for a block, its first event's number and count (stop-bit encoded). */
    private static final int HEAD_BYTES = 4 + 2 * 10;

    /** Which bytes of the file are as they were written. */
    @FunctionalInterface
    public interface Intact {
        boolean range(long from, long to);
    }

    private final FileChannel channel;
    /** Per block: where its events start in the file, their bytes, the first one's number and their count. */
    private final long[] offsets;
    private final int[] lengths;
    private final long[] firstNums;
    private final int[] counts;
    private final int blocks;
    /** The byte after the last excerpt walked: where the written part of the file ends when it is whole. */
    private final long end;

    private JournalPrefix(FileChannel channel, long[] offsets, int[] lengths, long[] firstNums, int[] counts,
            int blocks, long end) {
        this.channel = channel;
        this.offsets = offsets;
        this.lengths = lengths;
        this.firstNums = firstNums;
        this.counts = counts;
        this.blocks = blocks;
        this.end = end;
    }

    /** The readable blocks of cycle file {@code cq4}, of which the bytes {@code intact} accepts are trusted. */
    public static JournalPrefix find(Path cq4, Intact intact) throws IOException {
        FileChannel c = FileChannel.open(cq4, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            int capacity = 1024;
            long[] offsets = new long[capacity];
            int[] lengths = new int[capacity];
            long[] firstNums = new long[capacity];
            int[] counts = new int[capacity];
            int blocks = 0;
            long nextNum = 1;
            long size = c.size();
            Window window = new Window(c, size);
            long pos = 0;
            while (pos + 4 <= size && intact.range(pos, pos + 4)) {
                ByteBuffer head = window.at(pos, HEAD_BYTES);
                int header = head.getInt(head.position());
                long excerptEnd = pos + 4 + (header & LENGTH_MASK);
                if (header == 0 || header < 0 || excerptEnd > size) {
                    break;
                }
                if ((header & METADATA) == 0) {
                    if (!intact.range(pos, excerptEnd)) {
                        break;
                    }
                    int start = head.position();
                    head.limit((int) Math.min(head.limit(), start + excerptEnd - pos)).position(start + 4);
                    long first = readStopBit(head);
                    long count = readStopBit(head);
                    if (first != nextNum || count < 1 || count > Journal.MAX_EVENTS_PER_BLOCK) {
                        break;
                    }
                    if (blocks == capacity) {
                        capacity *= 2;
                        offsets = Arrays.copyOf(offsets, capacity);
                        lengths = Arrays.copyOf(lengths, capacity);
                        firstNums = Arrays.copyOf(firstNums, capacity);
                        counts = Arrays.copyOf(counts, capacity);
                    }
                    offsets[blocks] = pos + head.position() - start;
                    lengths[blocks] = (int) (excerptEnd - offsets[blocks]);
                    firstNums[blocks] = first;
                    counts[blocks] = (int) count;
                    blocks++;
                    nextNum = first + count;
                }
                pos = (excerptEnd + 3) & ~3L;
            }
            return new JournalPrefix(c, offsets, lengths, firstNums, counts, blocks, pos);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The file read a megabyte at a time: the walk reads a few bytes of each of its excerpts. */
    private static final class Window {
        private final FileChannel channel;
        private final long size;
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 20);
        private long start;

        Window(FileChannel channel, long size) {
            this.channel = channel;
            this.size = size;
            bytes.limit(0);
        }

        /** Up to {@code length} bytes from {@code pos} (fewer at the end of the file), little-endian. */
        ByteBuffer at(long pos, int length) throws IOException {
            long end = Math.min(size, pos + length);
            if (pos < start || end > start + bytes.limit()) {
                bytes.clear();
                while (bytes.hasRemaining() && channel.read(bytes, pos + bytes.position()) > 0) {
                    // fills the window, or reads to the end of the file
                }
                bytes.flip();
                start = pos;
            }
            int from = (int) (pos - start);
            return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).limit(from + (int) (end - pos)).position(from);
        }
    }

    /** A stop-bit encoded number (7 bits a byte, low first), -1 when the buffer ends within it. */
    private static long readStopBit(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; b.hasRemaining() && shift < 63; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
        return -1;
    }

    /** The number of the last readable event, 0 when there is none. */
    public long lastNum() {
        return blocks == 0 ? 0 : firstNums[blocks - 1] + counts[blocks - 1] - 1;
    }

    /** The byte after the last excerpt walked. */
    public long end() {
        return end;
    }

    int blocks() {
        return blocks;
    }

    /** The block holding event {@code num}: the last one starting at or before it (0 before the first). */
    int blockHolding(long num) {
        int found = Arrays.binarySearch(firstNums, 0, blocks, num);
        return found >= 0 ? found : Math.max(0, -found - 2);
    }

    /** Copies the events of {@code block} into {@code into}; {@code header} gets its first number and count. */
    void read(int block, RecordBuffer into, long[] header) {
        int length = lengths[block];
        into.prepareRead(length);
        ByteBuffer bytes = ByteBuffer.wrap(into.array(), 0, length);
        try {
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, offsets[block] + bytes.position()) < 0) {
                    throw new IOException("the file ends within a block it held when the capture was opened");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal: " + e.getMessage(), e);
        }
        header[0] = firstNums[block];
        header[1] = counts[block];
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing is lost
        }
    }
}
