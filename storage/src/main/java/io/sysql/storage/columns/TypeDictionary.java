package io.sysql.storage.columns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The event type names of one capture, id {@code i} the {@code i}-th name written (types without a code
 * in the journal's codec exist, so the ids are the capture's own); the same format holds the fd names of
 * {@link Column#FD_NAME} ({@link HeadColumns#FD_NAMES_FILE}). Each entry is a u16 length and UTF-8
 * bytes; a name is written before any row using its id, so a reader that meets an unknown id reloads
 * and finds it. A partly written last entry (a recorder killed mid-write) is not read.
 */
final class TypeDictionary {
    static final String FILE_NAME = "events.types";

    private final Path file;
    private String[] names = new String[0];
    /** Bytes of the file read so far (whole entries only). */
    private long loaded;

    TypeDictionary(Path file) {
        this.file = file;
    }

    /** The names known after reading what the file holds now. */
    synchronized String[] names() {
        reload();
        return names;
    }

    private void reload() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (FileChannel c = FileChannel.open(file)) {
            List<String> added = new ArrayList<>();
            loaded = readEntries(c, loaded, added);
            if (!added.isEmpty()) {
                String[] grown = Arrays.copyOf(names, names.length + added.size());
                for (int i = 0; i < added.size(); i++) {
                    grown[names.length + i] = added.get(i);
                }
                names = grown;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads whole entries from {@code from} into {@code into}; returns the offset after the last one. */
    static long readEntries(FileChannel c, long from, List<String> into) throws IOException {
        long size = c.size();
        if (size <= from) {
            return from;
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) (size - from)).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.hasRemaining() && c.read(bytes, from + bytes.position()) >= 0) {
            // read on
        }
        bytes.flip();
        int end = 0;
        while (bytes.remaining() >= 2) {
            int length = bytes.getChar(bytes.position());
            if (bytes.remaining() < 2 + length) {
                break;
            }
            byte[] utf8 = new byte[length];
            bytes.position(bytes.position() + 2);
            bytes.get(utf8);
            into.add(new String(utf8, StandardCharsets.UTF_8).intern());
            end = bytes.position();
        }
        return from + end;
    }

    /** One entry's bytes. */
    static ByteBuffer entry(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("dictionary name of " + utf8.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(2 + utf8.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putChar((char) utf8.length).put(utf8).flip();
        return b;
    }
}
