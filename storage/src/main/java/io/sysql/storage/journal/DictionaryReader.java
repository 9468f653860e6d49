package io.sysql.storage.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The strings of a journal's dictionary ({@link DictionaryWriter}) by id, as far as the file holds them.
 * Loaded when first needed and read further when a block refers to an id not loaded yet: the writer
 * writes an entry before any block that uses it, so an unknown id means the file has grown since. Safe
 * for cursors on several threads: entries are published by a volatile count, after the array holding
 * them.
 */
final class DictionaryReader {
    static final String FILE_NAME = "strings.dict";

    private final Path file;
    private volatile String[] strings = new String[0];
    private volatile int size;
    /** Bytes of the file that hold complete entries; a last entry still being written is read later. */
    private long loadedBytes;

    DictionaryReader(Path journalDir) {
        this.file = journalDir.resolve(FILE_NAME);
    }

    String get(int id) {
        if (id >= size) {
            load(id);
        }
        return strings[id];
    }

    /** The strings loaded so far, in id order. */
    synchronized String[] loadAll() {
        load(-1);
        return Arrays.copyOf(strings, size);
    }

    synchronized long loadedBytes() {
        return loadedBytes;
    }

    private synchronized void load(int wanted) {
        if (wanted >= 0 && wanted < size) {
            return;
        }
        byte[] fresh = readFrom(loadedBytes);
        String[] array = strings;
        int count = size;
        int pos = 0;
        while (pos < fresh.length) {
            long length = 0;
            int shift = 0;
            int p = pos;
            byte b = 0;
            while (p < fresh.length && shift < 35) {
                b = fresh[p++];
                length |= (long) (b & 0x7F) << shift;
                shift += 7;
                if (b >= 0) {
                    break;
                }
            }
            if (b < 0 || p == pos || fresh.length - p < length) {
                break; // the writer is still writing this entry
            }
            if (count == array.length) {
                array = Arrays.copyOf(array, Math.max(1024, count * 2));
            }
            array[count++] = new String(fresh, p, (int) length, StandardCharsets.UTF_8);
            pos = p + (int) length;
        }
        loadedBytes += pos;
        strings = array;
        size = count;
        if (wanted >= count) {
            throw new IllegalStateException("journal block refers to string " + wanted + " but " + file
                    + " holds " + count);
        }
    }

    private byte[] readFrom(long offset) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long available = ch.size() - offset;
            if (available <= 0) {
                return new byte[0];
            }
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(available));
            while (buffer.hasRemaining() && ch.read(buffer, offset + buffer.position()) > 0) {
                // reads until the size seen above
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
