package io.sysql.storage.columns;

import io.sysql.storage.Crc32c;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The hot columns of a capture's events beside its journal, so that a scan needing only them reads a few
 * bytes per event instead of decoding the journal. The head ({@value #FILE_NAME}): per event a type id
 * (u16, into the capture's {@link TypeDictionary}) and its errno (u16), little-endian, event {@code n} at
 * row {@code n - 1} after a {@value #HEADER_BYTES}-byte header; beside it one file per {@link Column}
 * (time, result, pid, fd name and type) with the same header and layout.
 *
 * <p>The writer seals the files when it closes: each header then holds the rows written and the CRC-32C
 * of the rows and of the dictionary its values refer to. Sealed files that do not match their seal
 * (damaged on disk), or a file missing, leave the columns unused, as if absent: the journal answers, and
 * a reader that may write rebuilds them from it. Files being written (unsealed) are read as they are.
 *
 * <p>The files are derived data, appended while the capture is recorded and readable meanwhile: a reader
 * sees the rows every file holds so far ({@link #rows()}) and reads the journal beyond them. A value a
 * column cannot hold (an errno outside 0..65534, a 65,535th type, see {@link Column} for the rest) is
 * written as an escape: that event's fields are in the journal only.
 */
public final class HeadColumns implements AutoCloseable {
    public static final String FILE_NAME = "events.head";
    /** The dictionary of {@link Column#FD_NAME}. */
    public static final String FD_NAMES_FILE = "events.fdnames";
    /** The columns and their dictionaries. */
    public static final List<String> FILES = Stream.concat(
            Stream.of(FILE_NAME, TypeDictionary.FILE_NAME, FD_NAMES_FILE),
            Arrays.stream(Column.values()).map(Column::fileName)).toList();
    /** The columns of the {@code events} table the head answers (num is the row's position). */
    public static final Set<String> SQL_COLUMNS = Set.of("num", "type", "failed", "errno", "errno_name");
    public static final int ESCAPE = 0xFFFF;

    static final int MAGIC = 0x53514843; // "SQHC"
    /** 2: sealed (v1 files are rebuilt). */
    static final int VERSION = 2;
    /** magic, version, row bytes, dictionary's CRC (i32 each), rows sealed (i64, -1 while written), rows' CRC, 0. */
    static final int HEADER_BYTES = 32;
    static final int DICTIONARY_CRC_AT = 12;
    static final int SEALED_ROWS_AT = 16;
    static final int ROWS_CRC_AT = 24;
    static final long UNSEALED = -1;
    static final int ROW_BYTES = 4;

    private final Path dir;
    private final Path file;
    private TypeDictionary types;
    private TypeDictionary fdNames;
    private FileChannel channel;
    /** The files of the {@link Column}s by ordinal, open when {@link #channel} is. */
    private final FileChannel[] columns = new FileChannel[Column.values().length];

    private HeadColumns(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
        this.types = new TypeDictionary(dir.resolve(TypeDictionary.FILE_NAME));
        this.fdNames = new TypeDictionary(dir.resolve(FD_NAMES_FILE));
    }

    /** The columns of the capture in {@code dir}; none yet (0 rows) when the files are absent. */
    public static HeadColumns open(Path dir) {
        return new HeadColumns(dir);
    }

    /** Rows complete in every file now: events {@code 1..rows()}. */
    public synchronized long rows() {
        try {
            if (channel == null && !openChannels()) {
                return 0;
            }
            long rows = rowsIn(channel.size(), ROW_BYTES);
            for (Column c : Column.values()) {
                rows = Math.min(rows, rowsIn(columns[c.ordinal()].size(), c.bytes));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long rowsIn(long fileSize, int rowBytes) {
        return Math.max(0, (fileSize - HEADER_BYTES) / rowBytes);
    }

    private boolean openChannels() throws IOException {
        List<FileChannel> opened = new ArrayList<>();
        try {
            for (String name : Stream.concat(Stream.of(FILE_NAME),
                    Arrays.stream(Column.values()).map(Column::fileName)).toList()) {
                FileChannel c;
                try {
                    c = FileChannel.open(dir.resolve(name), StandardOpenOption.READ);
                } catch (NoSuchFileException absent) {
                    return false;
                }
                opened.add(c);
                if (!intact(dir, name, c)) {
                    // Not yet written by its writer, of another format, or damaged: not used (the journal answers).
                    return false;
                }
            }
            channel = opened.get(0);
            for (Column c : Column.values()) {
                columns[c.ordinal()] = opened.get(1 + c.ordinal());
            }
            opened.clear();
            types = new TypeDictionary(dir.resolve(TypeDictionary.FILE_NAME));
            fdNames = new TypeDictionary(dir.resolve(FD_NAMES_FILE));
            return true;
        } finally {
            for (FileChannel c : opened) {
                c.close();
            }
        }
    }

    /** Bytes per row of the columns file {@code name}. */
    static int rowBytes(String name) {
        return name.equals(FILE_NAME) ? ROW_BYTES
                : Arrays.stream(Column.values()).filter(c -> c.fileName.equals(name)).findFirst().orElseThrow().bytes;
    }

    /** The dictionary the values of the columns file {@code name} refer to, or null. */
    static String dictionaryOf(String name) {
        return name.equals(FILE_NAME) ? TypeDictionary.FILE_NAME
                : name.equals(Column.FD_NAME.fileName) ? FD_NAMES_FILE : null;
    }

    /** The columns file {@code name} of {@code dir}, open as {@code c}, has this format and, when sealed, matches its seal. */
    static boolean intact(Path dir, String name, FileChannel c) throws IOException {
        int rowBytes = rowBytes(name);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (c.read(header, 0) < HEADER_BYTES || header.getInt(0) != MAGIC || header.getInt(4) != VERSION
                || header.getInt(8) != rowBytes) {
            return false;
        }
        long sealedRows = header.getLong(SEALED_ROWS_AT);
        if (sealedRows == UNSEALED) {
            return true;
        }
        long size = c.size();
        if (size != HEADER_BYTES + sealedRows * rowBytes
                || Crc32c.of(c, HEADER_BYTES, size) != header.getInt(ROWS_CRC_AT)) {
            return false;
        }
        String dictionary = dictionaryOf(name);
        if (dictionary == null) {
            return header.getInt(DICTIONARY_CRC_AT) == 0;
        }
        try (FileChannel d = FileChannel.open(dir.resolve(dictionary), StandardOpenOption.READ)) {
            return Crc32c.of(d, 0, d.size()) == header.getInt(DICTIONARY_CRC_AT);
        } catch (NoSuchFileException absent) {
            return false;
        }
    }

    /** The type names by id as far as they are known now (reloaded when the capture grows). */
    public synchronized String[] typeNames() {
        return types.names();
    }

    /** The fd names by id (see {@link Column#FD_NAME}) as far as they are known now. */
    public synchronized String[] fdNames() {
        return fdNames.names();
    }

    /** A reader of the head of rows {@code first..last} (at most {@link #rows()}), a block at a time. */
    public Reader reader(long first, long last) {
        return new Reader(first, last, EnumSet.noneOf(Column.class));
    }

    /** A reader of the head and {@code columns} of rows {@code first..last} (at most {@link #rows()}). */
    public Reader reader(long first, long last, Set<Column> columns) {
        EnumSet<Column> wanted = EnumSet.noneOf(Column.class);
        wanted.addAll(columns);
        return new Reader(first, last, wanted);
    }

    /**
     * The last of events {@code 1..rows} whose time is at or before {@code ts}, 0 when none is (times never
     * decrease in journal order).
     */
    public long lastRowAtOrBefore(long ts, long rows) {
        ByteBuffer value = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long lo = 0; // event lo's time is at or before ts (event 0: before all)
        long hi = rows + 1; // event hi's time is after ts
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            value.clear();
            read(columnChannel(Column.TS), value, HEADER_BYTES + (mid - 1) * Long.BYTES, Column.TS.fileName);
            if (value.getLong(0) <= ts) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private synchronized FileChannel channel() {
        return channel;
    }

    private synchronized FileChannel columnChannel(Column c) {
        return columns[c.ordinal()];
    }

    /** Fills {@code into} from {@code position} of {@code c}. */
    private static void read(FileChannel c, ByteBuffer into, long position, String name) {
        try {
            long at = position;
            while (into.hasRemaining()) {
                if (c == null) {
                    throw new IllegalStateException(name + " is not open");
                }
                int n = c.read(into, at);
                if (n < 0) {
                    throw new IllegalStateException(name + " is shorter than the rows asked for");
                }
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        into.flip();
    }

    @Override
    public synchronized void close() {
        List<FileChannel> open = new ArrayList<>(Arrays.asList(columns));
        open.add(channel);
        for (FileChannel c : open) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // Read-only: nothing is lost.
                }
            }
        }
        channel = null;
        Arrays.fill(columns, null);
    }

    /** Reads rows in blocks; not thread-safe (one per scan). */
    public final class Reader {
        private static final int BLOCK_ROWS = 1 << 15;
        private final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_ROWS * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        /** The block's rows as u16 values, type id and errno alternating: plain array reads per row. */
        private final char[] values = new char[BLOCK_ROWS * 2];
        private final Set<Column> wanted;
        private final long[] ts;
        private final long[] res;
        private final int[] pid;
        private final int[] fdName;
        private final byte[] fdType;
        private long next;
        private final long last;
        private long blockFirst;
        private int blockRows;

        private Reader(long first, long last, Set<Column> wanted) {
            this.next = Math.max(1, first);
            this.last = last;
            this.wanted = wanted;
            this.ts = wanted.contains(Column.TS) ? new long[BLOCK_ROWS] : null;
            this.res = wanted.contains(Column.RES) ? new long[BLOCK_ROWS] : null;
            this.pid = wanted.contains(Column.PID) ? new int[BLOCK_ROWS] : null;
            this.fdName = wanted.contains(Column.FD_NAME) ? new int[BLOCK_ROWS] : null;
            this.fdType = wanted.contains(Column.FD_TYPE) ? new byte[BLOCK_ROWS] : null;
        }

        /** Loads the next block; false when the rows asked for are all read. */
        public boolean nextBlock() {
            if (next > last) {
                return false;
            }
            int rows = (int) Math.min(BLOCK_ROWS, last - next + 1);
            load(channel(), ROW_BYTES, rows, FILE_NAME).asCharBuffer().get(values, 0, rows * 2);
            for (Column c : wanted) {
                ByteBuffer b = load(columnChannel(c), c.bytes, rows, c.fileName);
                switch (c) {
                    case TS -> b.asLongBuffer().get(ts, 0, rows);
                    case RES -> b.asLongBuffer().get(res, 0, rows);
                    case PID -> b.asIntBuffer().get(pid, 0, rows);
                    case FD_NAME -> b.asIntBuffer().get(fdName, 0, rows);
                    case FD_TYPE -> b.get(fdType, 0, rows);
                }
            }
            blockFirst = next;
            blockRows = rows;
            next += rows;
            return true;
        }

        private ByteBuffer load(FileChannel c, int rowBytes, int rows, String name) {
            block.clear().limit(rows * rowBytes);
            read(c, block, HEADER_BYTES + (next - 1) * rowBytes, name);
            return block;
        }

        /** The event number of the block's first row. */
        public long blockFirst() {
            return blockFirst;
        }

        public int blockRows() {
            return blockRows;
        }

        /** The type id of row {@code i} of the block, or {@link #ESCAPE}. */
        public int typeId(int i) {
            return values[2 * i];
        }

        /** The errno of row {@code i} of the block, or {@link #ESCAPE}. */
        public int errno(int i) {
            return values[2 * i + 1];
        }

        /** The block's {@link Column#TS} values, row {@code i} at {@code i} (when the reader was asked for it). */
        public long[] ts() {
            return ts;
        }

        public long[] res() {
            return res;
        }

        public int[] pid() {
            return pid;
        }

        public int[] fdName() {
            return fdName;
        }

        public byte[] fdType() {
            return fdType;
        }
    }
}
