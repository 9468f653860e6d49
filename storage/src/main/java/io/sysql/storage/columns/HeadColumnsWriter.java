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
 * Appends rows to a capture's {@link HeadColumns} through buffers (no fsync: derived data, caught up
 * from the journal when short). The writer holds an exclusive lock on the head file for its lifetime, so
 * a recorder and a reader catching up never write at once; the kernel drops the lock of a killed recorder.
 */
public final class HeadColumnsWriter implements AutoCloseable {
    private static final int BUFFER_ROWS = 1 << 14;
    /** Fd names longer than this stay in the journal only: they rarely repeat (as in the journal's dictionary). */
    private static final int MAX_NAME_BYTES = 1024;
    /** Fd names beyond this many stay in the journal only, so the writer's memory stays bounded. */
    private static final int MAX_NAMES = 1 << 20;

    private final FileLock lock;
    private final Out head;
    /** The {@link Column} files by ordinal. */
    private final Out[] columns;
    private final Dictionary types;
    private final Dictionary fdNames;
    private long rows;

    private HeadColumnsWriter(FileLock lock, Out head, Out[] columns, Dictionary types, Dictionary fdNames, long rows) {
        this.lock = lock;
        this.head = head;
        this.columns = columns;
        this.types = types;
        this.fdNames = fdNames;
        this.rows = rows;
    }

    /** Starts the columns of a new capture in {@code dir}, replacing any there; waits for a catch-up. */
    public static HeadColumnsWriter create(Path dir) {
        try {
            FileChannel headFile = open(dir.resolve(HeadColumns.FILE_NAME));
            FileLock lock = headFile.lock();
            return start(dir, lock, headFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir.resolve(HeadColumns.FILE_NAME), e);
        }
    }

    /** Empty files for every column and dictionary, the head's already open and locked. */
    private static HeadColumnsWriter start(Path dir, FileLock lock, FileChannel headFile) throws IOException {
        Out head = new Out(headFile, HeadColumns.ROW_BYTES, 0, new CRC32C());
        head.truncate(0);
        Out[] columns = new Out[Column.values().length];
        for (Column c : Column.values()) {
            columns[c.ordinal()] = new Out(open(dir.resolve(c.fileName)), c.bytes, 0, new CRC32C());
            columns[c.ordinal()].truncate(0);
        }
        Dictionary types = Dictionary.open(dir.resolve(TypeDictionary.FILE_NAME), false);
        Dictionary fdNames = Dictionary.open(dir.resolve(HeadColumns.FD_NAMES_FILE), false);
        return new HeadColumnsWriter(lock, head, columns, types, fdNames, 0);
    }

    /**
     * Continues the columns in {@code dir} after the last row every file holds whole (a part row or
     * dictionary entry of a writer that was killed is cut off), or starts them when a file is absent or
     * unreadable; null when another writer holds them.
     */
    public static HeadColumnsWriter resume(Path dir) throws IOException {
        FileChannel headFile = open(dir.resolve(HeadColumns.FILE_NAME));
        FileLock lock;
        try {
            lock = headFile.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            headFile.close();
            return null;
        }
        List<FileChannel> files = new ArrayList<>(List.of(headFile));
        for (Column c : Column.values()) {
            files.add(open(dir.resolve(c.fileName)));
        }
        long rows = Long.MAX_VALUE;
        for (int i = 0; i < files.size(); i++) {
            String name = i == 0 ? HeadColumns.FILE_NAME : Column.values()[i - 1].fileName;
            if (!HeadColumns.intact(dir, name, files.get(i))) {
                for (FileChannel f : files.subList(1, files.size())) {
                    f.close();
                }
                return start(dir, lock, headFile);
            }
            rows = Math.min(rows, HeadColumns.rowsIn(files.get(i).size(), HeadColumns.rowBytes(name)));
        }
        Out head = Out.resume(headFile, HeadColumns.ROW_BYTES, rows);
        Out[] columns = new Out[Column.values().length];
        for (Column c : Column.values()) {
            columns[c.ordinal()] = Out.resume(files.get(1 + c.ordinal()), c.bytes, rows);
        }
        Dictionary types = Dictionary.open(dir.resolve(TypeDictionary.FILE_NAME), true);
        Dictionary fdNames = Dictionary.open(dir.resolve(HeadColumns.FD_NAMES_FILE), true);
        return new HeadColumnsWriter(lock, head, columns, types, fdNames, rows);
    }

    /** Like every file of a capture, readable by its owner only; never written through a symbolic link. */
    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), CaptureFiles.PRIVATE_FILE);
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
        int type = types.idOf(e.kind.name(), HeadColumns.ESCAPE, 0xFFFF);
        head.buffer.putChar((char) (type < 0 ? HeadColumns.ESCAPE : type)).putChar((char) errno);
        columns[Column.TS.ordinal()].buffer.putLong(e.ts);
        columns[Column.RES.ordinal()].buffer.putLong(e.res);
        columns[Column.PID.ordinal()].buffer.putInt(e.pid);
        int name = e.fdName == null ? Column.NO_NAME : fdNames.idOf(e.fdName, MAX_NAMES, MAX_NAME_BYTES);
        columns[Column.FD_NAME.ordinal()].buffer.putInt(name < 0 && e.fdName != null ? Column.NAME_ESCAPE : name);
        columns[Column.FD_TYPE.ordinal()].buffer.put((byte) (e.fdType == null ? 0 : e.fdType.ordinal() + 1));
        rows++;
        if (!head.buffer.hasRemaining()) {
            flush();
        }
    }

    /** Makes the buffered rows visible to readers. */
    public void flush() {
        try {
            head.flush();
            for (Out c : columns) {
                c.flush();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
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
            head.seal(types.crc());
            for (Column c : Column.values()) {
                columns[c.ordinal()].seal(c == Column.FD_NAME ? fdNames.crc() : 0);
            }
            lock.release();
            head.file.close();
            for (Out c : columns) {
                c.file.close();
            }
            types.file.close();
            fdNames.file.close();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** One columns file: its buffer of rows not yet written, and the CRC-32C of those written, for the seal. */
    private static final class Out {
        final FileChannel file;
        final int rowBytes;
        final ByteBuffer buffer;
        final CRC32C crc;
        /** Rows in the file (not the buffer). */
        long rows;

        Out(FileChannel file, int rowBytes, long rows, CRC32C crc) {
            this.file = file;
            this.rowBytes = rowBytes;
            this.rows = rows;
            this.crc = crc;
            this.buffer = ByteBuffer.allocateDirect(BUFFER_ROWS * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** The file's first {@code rows} rows kept, unsealed until this writer closes. */
        static Out resume(FileChannel file, int rowBytes, long rows) throws IOException {
            CRC32C crc = new CRC32C();
            long end = HeadColumns.HEADER_BYTES + rows * rowBytes;
            Crc32c.update(crc, file, HeadColumns.HEADER_BYTES, end);
            Out out = new Out(file, rowBytes, rows, crc);
            out.truncate(rows);
            return out;
        }

        /** Keeps {@code rows} rows under an unsealed header. */
        void truncate(long rows) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(HeadColumns.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(HeadColumns.MAGIC).putInt(HeadColumns.VERSION).putInt(rowBytes).putInt(0)
                    .putLong(HeadColumns.UNSEALED).putInt(0).putInt(0).flip();
            file.truncate(HeadColumns.HEADER_BYTES + rows * rowBytes);
            writeFully(file, b, 0);
        }

        void flush() throws IOException {
            buffer.flip();
            crc.update(buffer.duplicate());
            long added = buffer.remaining() / rowBytes;
            writeFully(file, buffer, HeadColumns.HEADER_BYTES + rows * rowBytes);
            rows += added;
            buffer.clear();
        }

        /** Marks the rows written as whole: their count and CRC, and the CRC of the dictionary they refer to. */
        void seal(int dictionaryCrc) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(HeadColumns.HEADER_BYTES - HeadColumns.DICTIONARY_CRC_AT)
                    .order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(dictionaryCrc).putLong(rows).putInt((int) crc.getValue()).putInt(0).flip();
            writeFully(file, b, HeadColumns.DICTIONARY_CRC_AT);
        }
    }

    /** The names of a {@link TypeDictionary} file by id, appended to as new names come. */
    private static final class Dictionary {
        final FileChannel file;
        final Map<String, Integer> ids = new HashMap<>();

        private Dictionary(FileChannel file) {
            this.file = file;
        }

        /** The dictionary in {@code path}: continued after its last whole entry, or started empty. */
        static Dictionary open(Path path, boolean keep) throws IOException {
            Dictionary d = new Dictionary(HeadColumnsWriter.open(path));
            List<String> names = new ArrayList<>();
            d.file.truncate(keep ? TypeDictionary.readEntries(d.file, 0, names) : 0);
            for (String name : names) {
                d.ids.put(name, d.ids.size());
            }
            return d;
        }

        /** The id of {@code name}, added when new; -1 when it would be the {@code maxIds}-th or is too long. */
        int idOf(String name, int maxIds, int maxBytes) {
            Integer id = ids.get(name);
            if (id != null) {
                return id;
            }
            if (ids.size() >= maxIds || name.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                return -1;
            }
            try {
                // Written before any row that uses it, so a reader always finds the names of the rows it sees.
                writeFully(file, TypeDictionary.entry(name), file.size());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            int newId = ids.size();
            ids.put(name, newId);
            return newId;
        }

        int crc() throws IOException {
            return Crc32c.of(file, 0, file.size());
        }
    }
}
