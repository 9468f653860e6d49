package io.sysql.storage.columns;

import io.sysql.capture.event.Event;
import io.sysql.storage.CaptureFiles;
import io.sysql.storage.Crc32c;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Appends rows to a capture's {@link HeadColumns} through a buffer (no fsync: derived data, caught up
 * from the journal when short). The writer holds an exclusive lock on the file for its lifetime, so a
 * recorder and a reader catching up never write at once; the kernel drops the lock of a killed recorder.
 */
public final class HeadColumnsWriter implements AutoCloseable {
    private static final int BUFFER_ROWS = 1 << 14;

    private final FileChannel head;
    private final FileLock lock;
    private final FileChannel dictionary;
    private final Map<String, Integer> typeIds = new HashMap<>();
    /** The CRC-32C of the rows written to the file, for the seal. */
    private final CRC32C rowsCrc;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_ROWS * HeadColumns.ROW_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    private long rows;

    private HeadColumnsWriter(FileChannel head, FileLock lock, FileChannel dictionary, List<String> names,
            long rows, CRC32C rowsCrc) {
        this.head = head;
        this.rowsCrc = rowsCrc;
        this.lock = lock;
        this.dictionary = dictionary;
        for (String name : names) {
            typeIds.put(name, typeIds.size());
        }
        this.rows = rows;
    }

    /** Starts the columns of a new capture in {@code dir}, replacing any there; waits for a catch-up. */
    public static HeadColumnsWriter create(Path dir) {
        try {
            FileChannel head = open(dir.resolve(HeadColumns.FILE_NAME));
            FileLock lock = head.lock();
            head.truncate(0);
            FileChannel dictionary = open(dir.resolve(TypeDictionary.FILE_NAME));
            dictionary.truncate(0);
            writeHeader(head);
            return new HeadColumnsWriter(head, lock, dictionary, List.of(), 0, new CRC32C());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir.resolve(HeadColumns.FILE_NAME), e);
        }
    }

    /**
     * Continues the columns in {@code dir} after their last whole row (a part row or dictionary entry of
     * a writer that was killed is cut off), or starts them when absent or unreadable; null when another
     * writer holds them.
     */
    public static HeadColumnsWriter resume(Path dir) throws IOException {
        FileChannel head = open(dir.resolve(HeadColumns.FILE_NAME));
        FileLock lock;
        try {
            lock = head.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            head.close();
            return null;
        }
        FileChannel dictionary = open(dir.resolve(TypeDictionary.FILE_NAME));
        List<String> names = new ArrayList<>();
        long rows = 0;
        CRC32C crc = new CRC32C();
        if (HeadColumns.intact(head, dir.resolve(TypeDictionary.FILE_NAME))) {
            rows = HeadColumns.rowsIn(head.size());
            dictionary.truncate(TypeDictionary.readEntries(dictionary, 0, names));
            Crc32c.update(crc, head, HeadColumns.HEADER_BYTES, HeadColumns.HEADER_BYTES + rows * HeadColumns.ROW_BYTES);
        } else {
            head.truncate(0);
            dictionary.truncate(0);
        }
        writeHeader(head); // unsealed until this writer closes
        head.truncate(HeadColumns.HEADER_BYTES + rows * HeadColumns.ROW_BYTES);
        return new HeadColumnsWriter(head, lock, dictionary, names, rows, crc);
    }

    /** Like every file of a capture, readable by its owner only; never written through a symbolic link. */
    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), CaptureFiles.PRIVATE_FILE);
    }

    private static void writeHeader(FileChannel head) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HeadColumns.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(HeadColumns.MAGIC).putInt(HeadColumns.VERSION).putInt(HeadColumns.ROW_BYTES).putInt(0)
                .putLong(HeadColumns.UNSEALED).putInt(0).putInt(0).flip();
        writeFully(head, b, 0);
    }

    /** Marks the rows written as whole: their count and CRC, and the type names' CRC. */
    private void seal() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HeadColumns.HEADER_BYTES - HeadColumns.TYPES_CRC_AT)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Crc32c.of(dictionary, 0, dictionary.size())).putLong(rows).putInt((int) rowsCrc.getValue())
                .putInt(0).flip();
        writeFully(head, b, HeadColumns.TYPES_CRC_AT);
    }

    /** Rows written (buffered or not): the next row is event {@code rows() + 1}. */
    public long rows() {
        return rows;
    }

    /** Appends event {@code rows() + 1}. */
    public void append(Event e) {
        if (e.num != rows + 1) {
            throw new IllegalStateException("head columns hold " + rows + " rows; cannot append event " + e.num);
        }
        int errno = e.errno >= 0 && e.errno < HeadColumns.ESCAPE ? e.errno : HeadColumns.ESCAPE;
        buffer.putChar((char) typeId(e.kind.name())).putChar((char) errno);
        rows++;
        if (!buffer.hasRemaining()) {
            flush();
        }
    }

    private int typeId(String type) {
        Integer id = typeIds.get(type);
        if (id != null) {
            return id;
        }
        if (typeIds.size() >= HeadColumns.ESCAPE || type.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            return HeadColumns.ESCAPE;
        }
        try {
            // Written before any row that uses it, so a reader always finds the names of the rows it sees.
            writeFully(dictionary, TypeDictionary.entry(type), dictionary.size());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        int newId = typeIds.size();
        typeIds.put(type, newId);
        return newId;
    }

    /** Makes the buffered rows visible to readers. */
    public void flush() {
        buffer.flip();
        rowsCrc.update(buffer.duplicate());
        try {
            writeFully(head, buffer, HeadColumns.HEADER_BYTES + (rows - buffer.remaining() / HeadColumns.ROW_BYTES)
                    * HeadColumns.ROW_BYTES);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        buffer.clear();
    }

    private static void writeFully(FileChannel c, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            position += c.write(b, position);
        }
    }

    @Override
    public void close() {
        try {
            flush();
            seal();
            lock.release();
            head.close();
            dictionary.close();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
