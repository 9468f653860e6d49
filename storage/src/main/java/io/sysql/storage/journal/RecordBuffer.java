package io.sysql.storage.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One journal block as a plain byte array, encoded or decoded field by field. Chronicle's own field
 * writers check bounds, thread ownership and closing on every byte (more than half of the cost of
 * journaling an event); here the block is built in an array and handed to the queue in one copy.
 * Numbers are unsigned LEB128 ("stop bit") varints.
 */
final class RecordBuffer {
    private byte[] bytes = new byte[256];
    private int position;
    private int limit;

    byte[] array() {
        return bytes;
    }

    /** Bytes written so far. */
    int length() {
        return position;
    }

    void clear() {
        position = 0;
    }

    /** Makes room for a block of {@code length} bytes to be copied into {@link #array()}, then read. */
    void prepareRead(int length) {
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
        }
        position = 0;
        limit = length;
    }

    private void ensure(int more) {
        if (position + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more));
        }
    }

    void writeStopBit(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[position++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        bytes[position++] = (byte) v;
    }

    void writeByte(int v) {
        ensure(1);
        bytes[position++] = (byte) v;
    }

    void writeBytes(byte[] b) {
        writeStopBit(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, position, b.length);
        position += b.length;
    }

    void writeString(String s) {
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    long readStopBit() {
        long v = 0;
        int shift = 0;
        byte b;
        do {
            if (position >= limit) {
                throw new IllegalStateException("journal block ends inside a number");
            }
            b = bytes[position++];
            v |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return v;
    }

    byte readByte() {
        checkAvailable(1);
        return bytes[position++];
    }

    byte[] readBytes() {
        int n = (int) readStopBit();
        checkAvailable(n);
        byte[] b = Arrays.copyOfRange(bytes, position, position + n);
        position += n;
        return b;
    }

    void skipBytes() {
        int n = (int) readStopBit();
        checkAvailable(n);
        position += n;
    }

    String readString() {
        int n = (int) readStopBit();
        checkAvailable(n);
        String s = new String(bytes, position, n, StandardCharsets.UTF_8);
        position += n;
        return s;
    }

    private void checkAvailable(int n) {
        if (n < 0 || position + n > limit) {
            throw new IllegalStateException("journal block shorter than its fields");
        }
    }
}
