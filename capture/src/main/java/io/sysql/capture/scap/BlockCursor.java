package io.sysql.capture.scap;

import java.nio.ByteBuffer;

/** Sequential reads inside one block's body; running past the body is a malformed block. */
final class BlockCursor {
    private final ByteBuffer buf;
    /** Where the buffer starts in the capture, so that messages name offsets in the capture. */
    private final long base;
    private int pos;
    private final int end;

    BlockCursor(ByteBuffer buf, long base, int start, int end) {
        this.buf = buf;
        this.base = base;
        this.pos = start;
        this.end = end;
    }

    int position() {
        return pos;
    }

    /** The capture offset of a position in the buffer. */
    long captureOffset(int position) {
        return base + position;
    }

    int remaining() {
        return end - pos;
    }

    private int take(int n) {
        if (n < 0 || pos + n > end) {
            throw new MalformedBlockException("an entry runs past the end of its block (needs " + n
                    + " bytes at offset " + captureOffset(pos) + ", block ends at " + captureOffset(end) + ")");
        }
        int at = pos;
        pos += n;
        return at;
    }

    int u8() {
        return buf.get(take(1)) & 0xFF;
    }

    int u16() {
        return buf.getShort(take(2)) & 0xFFFF;
    }

    int i32() {
        return buf.getInt(take(4));
    }

    long u32() {
        return i32() & 0xFFFFFFFFL;
    }

    long i64() {
        return buf.getLong(take(8));
    }

    /** Four bytes in network order (an IPv4 address), as text. */
    String ipv4() {
        return SocketAddresses.ipv4(buf, take(4));
    }

    String ipv6() {
        return SocketAddresses.ipv6(buf, take(16));
    }

    /** A string written as a 16-bit length and that many bytes (no NUL). */
    String string16() {
        int len = u16();
        int at = take(len);
        while (len > 0 && buf.get(at + len - 1) == 0) {
            len--;
        }
        return EventParams.decode(buf, at, len);
    }

    /** Argument lists: NUL-separated strings joined by single spaces. */
    String args16() {
        int len = u16();
        int at = take(len);
        StringBuilder sb = new StringBuilder(len);
        int start = at;
        for (int i = at; i <= at + len; i++) {
            if (i == at + len || buf.get(i) == 0) {
                if (i > start) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(EventParams.decode(buf, start, i - start));
                }
                start = i + 1;
            }
        }
        return sb.toString();
    }

    void skip(int n) {
        take(n);
    }

    /** To the end of an entry read from {@code entryStart}, back if a damaged field took the cursor past it. */
    void toEntryEnd(int entryStart, int entryEnd) {
        if (entryEnd <= entryStart || entryEnd > end) {
            throw new MalformedBlockException("entry length points outside its block");
        }
        pos = entryEnd;
    }

    void seek(int position) {
        if (position < pos || position > end) {
            throw new MalformedBlockException("entry length points outside its block");
        }
        pos = position;
    }

    /** A malformed entry inside a block; the reader turns it into a fault located at the block. */
    static final class MalformedBlockException extends RuntimeException {
        MalformedBlockException(String message) {
            super(message, null, false, false);
        }
    }
}
