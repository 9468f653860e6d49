package io.sysql.storage.columns;

import io.sysql.storage.Crc32c;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The hot head columns of a capture's events beside its journal, so that a scan needing only them reads
 * 4 bytes per event instead of decoding the journal: per event a type id (u16, into the capture's
 * {@link TypeDictionary}) and its errno (u16), little-endian, event {@code n} at row {@code n - 1}
 * after a {@value #HEADER_BYTES}-byte header.
 *
 * <p>The writer seals the files when it closes: the header then holds the rows written and the CRC-32C of
 * the rows and of the type names. Sealed files that do not match their seal (damaged on disk) are not used,
 * as if absent: the journal answers, and a reader that may write rebuilds them from it. Files being
 * written (unsealed) are read as they are.
 *
 * <p>The files are derived data, appended while the capture is recorded and readable meanwhile: a reader
 * sees the rows written so far ({@link #rows()}) and reads the journal beyond them. A value a u16 cannot
 * hold (an errno outside 0..65534, a 65,535th type) is written as {@link #ESCAPE}: that event's head is
 * in the journal only.
 */
public final class HeadColumns implements AutoCloseable {
    public static final String FILE_NAME = "events.head";
    /** The columns and the dictionary of their type names. */
    public static final List<String> FILES = List.of(FILE_NAME, TypeDictionary.FILE_NAME);
    /** The columns of the {@code events} table these files answer (num is the row's position). */
    public static final Set<String> SQL_COLUMNS = Set.of("num", "type", "failed", "errno", "errno_name");
    public static final int ESCAPE = 0xFFFF;

    static final int MAGIC = 0x53514843; // "SQHC"
    /** 2: sealed (v1 files are rebuilt). */
    static final int VERSION = 2;
    /** magic, version, row bytes, types' CRC (i32 each), rows sealed (i64, -1 while written), rows' CRC, 0. */
    static final int HEADER_BYTES = 32;
    static final int TYPES_CRC_AT = 12;
    static final int SEALED_ROWS_AT = 16;
    static final int ROWS_CRC_AT = 24;
    static final long UNSEALED = -1;
    static final int ROW_BYTES = 4;

    private final Path file;
    private final Path typesFile;
    private TypeDictionary types;
    private FileChannel channel;

    private HeadColumns(Path dir) {
        this.file = dir.resolve(FILE_NAME);
        this.typesFile = dir.resolve(TypeDictionary.FILE_NAME);
        this.types = new TypeDictionary(typesFile);
    }

    /** The columns of the capture in {@code dir}; none yet (0 rows) when the files are absent. */
    public static HeadColumns open(Path dir) {
        return new HeadColumns(dir);
    }

    /** Rows complete in the file now: events {@code 1..rows()}. */
    public synchronized long rows() {
        try {
            if (channel == null && !openChannel()) {
                return 0;
            }
            return rowsIn(channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long rowsIn(long fileSize) {
        return Math.max(0, (fileSize - HEADER_BYTES) / ROW_BYTES);
    }

    private boolean openChannel() throws IOException {
        FileChannel c;
        try {
            c = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException absent) {
            return false;
        }
        if (!intact(c, typesFile)) {
            // Not yet written by its writer, of another format, or damaged: not used (the journal answers).
            c.close();
            return false;
        }
        channel = c;
        types = new TypeDictionary(typesFile);
        return true;
    }

    /** The columns in {@code head} have this format and, when sealed, match their seal. */
    static boolean intact(FileChannel head, Path typesFile) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (head.read(header, 0) < HEADER_BYTES || header.getInt(0) != MAGIC || header.getInt(4) != VERSION
                || header.getInt(8) != ROW_BYTES) {
            return false;
        }
        long sealedRows = header.getLong(SEALED_ROWS_AT);
        if (sealedRows == UNSEALED) {
            return true;
        }
        long size = head.size();
        if (size != HEADER_BYTES + sealedRows * ROW_BYTES
                || Crc32c.of(head, HEADER_BYTES, size) != header.getInt(ROWS_CRC_AT)) {
            return false;
        }
        try (FileChannel types = FileChannel.open(typesFile, StandardOpenOption.READ)) {
            return Crc32c.of(types, 0, types.size()) == header.getInt(TYPES_CRC_AT);
        } catch (NoSuchFileException absent) {
            return false;
        }
    }

    /** The type names by id as far as they are known now (reloaded when the capture grows). */
    public synchronized String[] typeNames() {
        return types.names();
    }

    /** A reader of rows {@code first..last} (at most {@link #rows()}), a block at a time. */
    public Reader reader(long first, long last) {
        return new Reader(first, last);
    }

    private synchronized FileChannel channel() {
        return channel;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Read-only: nothing is lost.
            }
            channel = null;
        }
    }

    /** Reads rows in blocks; not thread-safe (one per scan). */
    public final class Reader {
        private static final int BLOCK_ROWS = 1 << 15;
        private final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_ROWS * ROW_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        /** The block's rows as u16 values, type id and errno alternating: plain array reads per row. */
        private final char[] values = new char[BLOCK_ROWS * 2];
        private long next;
        private final long last;
        private long blockFirst;
        private int blockRows;

        private Reader(long first, long last) {
            this.next = Math.max(1, first);
            this.last = last;
        }

        /** Loads the next block; false when the rows asked for are all read. */
        public boolean nextBlock() {
            if (next > last) {
                return false;
            }
            int rows = (int) Math.min(BLOCK_ROWS, last - next + 1);
            block.clear().limit(rows * ROW_BYTES);
            long position = HEADER_BYTES + (next - 1) * ROW_BYTES;
            try {
                FileChannel c = channel();
                while (block.hasRemaining()) {
                    if (c == null || c.read(block, position + block.position()) < 0) {
                        throw new IllegalStateException(file + " is shorter than the rows asked for");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            block.flip();
            block.asCharBuffer().get(values, 0, rows * 2);
            blockFirst = next;
            blockRows = rows;
            next += rows;
            return true;
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
    }

}
