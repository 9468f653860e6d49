package io.sysql.capture.scap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The parameters of one event, located in the capture's buffer without copying. One instance is reused
 * for every event; strings and byte arrays are only materialized when a decoder asks for them.
 */
final class EventParams {
    private static final int MAX_PARAMS = 64;
    /** Read a byte array eight bytes at a time, in the byte order of the capture's buffer. */
    private static final VarHandle LITTLE_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);

    private final int[] offsets = new int[MAX_PARAMS];
    private final int[] lengths = new int[MAX_PARAMS];
    private ByteBuffer buf;
    private int count;
    /** Where the parameters (length table, then values) start and end in the buffer. */
    private int rawStart;
    private int rawEnd;
    ScapEventType type;
    long ts;

    /**
     * Locates the parameters that follow an event header. With {@code nparams < 0} (old event blocks, which
     * do not record it) the count is the only one whose length table and values exactly fill the event.
     *
     * @return false when the lengths do not fit the event
     */
    boolean locate(ByteBuffer buf, ScapEventType type, long ts, int start, int end, int nparams) {
        this.buf = buf;
        this.type = type;
        this.ts = ts;
        this.count = 0;
        this.rawStart = start;
        this.rawEnd = end;
        int lenSize = type != null && type.largePayload ? 4 : 2;
        int n = nparams < 0 ? readInferredLengths(start, end, lenSize) : readLengths(start, end, lenSize, nparams);
        if (n < 0) {
            return false;
        }
        int value = start + n * lenSize;
        for (int i = 0; i < n; i++) {
            offsets[i] = value;
            value += lengths[i];
        }
        count = n;
        return true;
    }

    /** The {@code nparams} lengths of the table at {@code start}; -1 when they do not fit the event. */
    private int readLengths(int start, int end, int lenSize, int nparams) {
        if (nparams > MAX_PARAMS) {
            return -1;
        }
        long value = start + (long) nparams * lenSize;
        for (int i = 0; i < nparams; i++) {
            int len = lenSize == 2 ? u16(start + 2 * i) : i32(start + 4 * i);
            value += len;
            if (len < 0 || value > end) {
                return -1;
            }
            lengths[i] = len;
        }
        return nparams;
    }

    /**
     * Reads lengths until the table and the values it announces exactly fill the event, in one pass: that
     * count is the only one that fits. -1 when none does.
     */
    private int readInferredLengths(int start, int end, int lenSize) {
        int available = end - start;
        long used = 0;
        for (int n = 0; n <= MAX_PARAMS; n++) {
            if (used == available) {
                return n;
            }
            if (n == MAX_PARAMS || start + (n + 1) * lenSize > end) {
                return -1;
            }
            int len = lenSize == 2 ? u16(start + 2 * n) : i32(start + 4 * n);
            used += lenSize + (long) len;
            if (len < 0 || used > available) {
                return -1;
            }
            lengths[n] = len;
        }
        return -1;
    }

    int count() {
        return count;
    }

    boolean has(int index) {
        return index >= 0 && index < count;
    }

    boolean has(ParamField field) {
        return type != null && has(type.index(field));
    }

    /** Size of the parameters as written: length table and values. */
    int rawLength() {
        return rawEnd - rawStart;
    }

    /** A copy of the parameters as written. */
    byte[] raw() {
        byte[] out = new byte[rawEnd - rawStart];
        buf.get(rawStart, out);
        return out;
    }

    /** The parameters as written are {@code raw}'s bytes. */
    boolean rawEquals(byte[] raw) {
        if (raw.length != rawEnd - rawStart) {
            return false;
        }
        boolean little = buf.order() == ByteOrder.LITTLE_ENDIAN;
        int i = 0;
        for (; i + 8 <= raw.length; i += 8) {
            long known = little ? (long) LITTLE_ENDIAN_LONGS.get(raw, i) : (long) BIG_ENDIAN_LONGS.get(raw, i);
            if (known != buf.getLong(rawStart + i)) {
                return false;
            }
        }
        for (; i < raw.length; i++) {
            if (raw[i] != buf.get(rawStart + i)) {
                return false;
            }
        }
        return true;
    }

    /** A hash of the parameters as written, read eight bytes at a time. */
    int rawHash() {
        long h = 0;
        int i = rawStart;
        for (; i + 8 <= rawEnd; i += 8) {
            h = (h + buf.getLong(i)) * 0x9E3779B97F4A7C15L;
        }
        for (; i < rawEnd; i++) {
            h = (h + buf.get(i)) * 0x9E3779B97F4A7C15L;
        }
        return (int) (h ^ (h >>> 32));
    }

    int length(int index) {
        return lengths[index];
    }

    int offset(int index) {
        return offsets[index];
    }

    ByteBuffer buffer() {
        return buf;
    }

    /** The parameter as an integer of whatever width it was written with (1, 2 unsigned; 4, 8 signed). */
    long number(int index) {
        int off = offsets[index];
        switch (lengths[index]) {
            case 1:
                return buf.get(off) & 0xFF;
            case 2:
                return u16(off);
            case 4:
                return i32(off);
            case 8:
                return buf.getLong(off);
            default:
                return 0;
        }
    }

    private int u16(int off) {
        return buf.getShort(off) & 0xFFFF;
    }

    private int i32(int off) {
        return buf.getInt(off);
    }

    long number(ParamField field, long absent) {
        int i = type.index(field);
        return has(i) && isNumber(i) ? number(i) : absent;
    }

    boolean isNumber(int index) {
        int len = lengths[index];
        return len == 1 || len == 2 || len == 4 || len == 8;
    }

    /** The parameter as text, without its terminating NUL; null when absent. */
    String string(ParamField field) {
        int i = type.index(field);
        return has(i) ? string(i) : null;
    }

    String string(int index) {
        int len = lengths[index];
        while (len > 0 && buf.get(offsets[index] + len - 1) == 0) {
            len--;
        }
        return decode(buf, offsets[index], len);
    }

    /** The parameter's first {@code max} bytes. */
    byte[] bytes(int index, int max) {
        byte[] out = new byte[Math.min(max, lengths[index])];
        buf.get(offsets[index], out);
        return out;
    }

    static String decode(ByteBuffer buf, int off, int len) {
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + off, len, StandardCharsets.UTF_8);
        }
        byte[] tmp = new byte[len];
        buf.get(off, tmp);
        return new String(tmp, StandardCharsets.UTF_8);
    }
}
