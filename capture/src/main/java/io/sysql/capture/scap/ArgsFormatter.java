package io.sysql.capture.scap;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Renders an event's raw parameters as {@code name=value} text, for event types sysql does not decode.
 *
 * <p>The text of small parameter sets is remembered by their raw bytes: the events it is made for repeat
 * the same few values (a third of a sysdig capture is {@code procinfo} with its two cpu counters), so most
 * events reuse a string instead of formatting and allocating one.
 */
final class ArgsFormatter {
    private static final int MAX_BYTES_SHOWN = 80;
    private static final int REMEMBERED = 4096;
    /** Raw parameter bytes beyond which text is made afresh: large values rarely repeat. */
    private static final int MAX_KEY = 128;

    private final StringBuilder sb = new StringBuilder(256);
    private final byte[] key = new byte[MAX_KEY];
    private final byte[][] keys = new byte[REMEMBERED][];
    private final String[] texts = new String[REMEMBERED];

    /** The enter's parameters (if any) then the exit's; null when there are none. */
    String format(EventParams enter, EventParams exit) {
        int n = keyOf(enter, exit);
        if (n < 0) {
            return render(enter, exit);
        }
        int slot = hash(n) & (REMEMBERED - 1);
        byte[] known = keys[slot];
        if (known != null && Arrays.equals(known, 0, known.length, key, 0, n)) {
            return texts[slot];
        }
        String text = render(enter, exit);
        keys[slot] = Arrays.copyOf(key, n);
        texts[slot] = text;
        return text;
    }

    /**
     * Writes what the text depends on into {@code key}: the exit's event code, whether an enter came, and
     * each parameter's length and bytes. Returns the key's length, or -1 when it does not fit.
     */
    private int keyOf(EventParams enter, EventParams exit) {
        if (exit.type == null) {
            return -1;
        }
        key[0] = (byte) exit.type.code;
        key[1] = (byte) (exit.type.code >>> 8);
        key[2] = (byte) (enter == null ? 0 : 1);
        int n = 3;
        if (enter != null) {
            n = appendKey(enter, n);
        }
        return n < 0 ? -1 : appendKey(exit, n);
    }

    private int appendKey(EventParams p, int n) {
        ByteBuffer b = p.buffer();
        for (int i = 0; i < p.count(); i++) {
            int len = p.length(i);
            if (n + 1 + len > MAX_KEY) {
                return -1;
            }
            key[n++] = (byte) len;
            b.get(p.offset(i), key, n, len);
            n += len;
        }
        return n;
    }

    private int hash(int n) {
        int h = 0;
        for (int i = 0; i < n; i++) {
            h = 31 * h + key[i];
        }
        return h ^ (h >>> 16);
    }

    private String render(EventParams enter, EventParams exit) {
        sb.setLength(0);
        if (enter != null) {
            append(enter);
        }
        append(exit);
        return sb.length() == 0 ? null : sb.toString();
    }

    private void append(EventParams p) {
        ScapEventType t = p.type;
        for (int i = 0; i < p.count(); i++) {
            boolean named = t != null && i < t.paramNames.length;
            char kind = named ? t.paramKinds[i] : guessKind(p, i);
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(named ? t.paramNames[i] : "arg" + i).append('=');
            appendValue(p, i, kind);
        }
    }

    private static char guessKind(EventParams p, int i) {
        return p.isNumber(i) ? ScapEventType.INTEGER : 'y';
    }

    private void appendValue(EventParams p, int i, char kind) {
        ByteBuffer b = p.buffer();
        int off = p.offset(i);
        int len = p.length(i);
        switch (kind) {
            case 's':
                sb.append(p.string(i));
                return;
            case 'a':
            case 't':
                appendSocket(b, off, len, kind == 't');
                return;
            case 'F':
                appendFdList(b, off, len);
                return;
            case 'd':
                if (len > 1 && isWidth(len - 1)) {
                    sb.append(readNumber(b, off + 1, len - 1));
                } else {
                    appendBytes(b, off, len);
                }
                return;
            case ScapEventType.INTEGER:
                if (p.isNumber(i)) {
                    sb.append(p.number(i));
                } else {
                    appendBytes(b, off, len);
                }
                return;
            default:
                appendBytes(b, off, len);
        }
    }

    private static boolean isWidth(int len) {
        return len == 1 || len == 2 || len == 4 || len == 8;
    }

    private static long readNumber(ByteBuffer b, int off, int len) {
        switch (len) {
            case 1: return b.get(off) & 0xFF;
            case 2: return b.getShort(off) & 0xFFFF;
            case 4: return b.getInt(off);
            default: return b.getLong(off);
        }
    }

    /** Printable ASCII as is, everything else as '.', as sysdig shows buffers by default. */
    private void appendBytes(ByteBuffer b, int off, int len) {
        int shown = Math.min(len, MAX_BYTES_SHOWN);
        for (int k = 0; k < shown; k++) {
            int c = b.get(off + k) & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
    }

    private void appendSocket(ByteBuffer b, int off, int len, boolean tuple) {
        if (len < 1) {
            return;
        }
        int family = b.get(off) & 0xFF;
        if (family == SocketAddresses.AF_INET && len >= (tuple ? 13 : 7)) {
            sb.append(SocketAddresses.ipv4(b, off + 1)).append(':').append(SocketAddresses.port(b, off + 5));
            if (tuple) {
                sb.append("->").append(SocketAddresses.ipv4(b, off + 7)).append(':')
                        .append(SocketAddresses.port(b, off + 11));
            }
        } else if (family == SocketAddresses.AF_INET6 && len >= (tuple ? 37 : 19)) {
            sb.append(SocketAddresses.ipv6(b, off + 1)).append(':').append(SocketAddresses.port(b, off + 17));
            if (tuple) {
                sb.append("->").append(SocketAddresses.ipv6(b, off + 19)).append(':')
                        .append(SocketAddresses.port(b, off + 35));
            }
        } else {
            int skip = family == SocketAddresses.AF_UNIX && tuple ? 17 : 1;
            if (len > skip) {
                appendBytes(b, off + skip, len - skip);
            }
        }
    }

    private void appendFdList(ByteBuffer b, int off, int len) {
        if (len < 2) {
            return;
        }
        int n = b.getShort(off) & 0xFFFF;
        for (int k = 0; k < n && off + 2 + (k + 1) * 10 <= off + len; k++) {
            int e = off + 2 + k * 10;
            if (k > 0) {
                sb.append(',');
            }
            sb.append(b.getLong(e)).append(':').append(b.getShort(e + 8) & 0xFFFF);
        }
    }
}
