package io.sysql.capture.scap;

import io.sysql.capture.event.Linux;

import java.nio.ByteBuffer;

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
    private final Remembered[] remembered = new Remembered[REMEMBERED];

    /** The enter's parameters (if any) then the exit's; null when there are none. */
    String format(EventParams enter, EventParams exit) {
        int enterBytes = enter == null ? 0 : enter.rawLength();
        if (exit.type == null || enterBytes + exit.rawLength() > MAX_KEY) {
            return render(enter, exit);
        }
        int hash = exit.type.code * 31 + exit.rawHash();
        if (enter != null) {
            hash = hash * 31 + enter.rawHash();
        }
        int slot = (hash ^ (hash >>> 16)) & (REMEMBERED - 1);
        Remembered known = remembered[slot];
        if (known != null && known.matches(enter, exit)) {
            return known.text;
        }
        String text = render(enter, exit);
        remembered[slot] = new Remembered(enter, exit, text);
        return text;
    }

    /** Text made for one event code, enter and exit parameters (count and raw bytes). */
    private static final class Remembered {
        final int code;
        final int enterCount;
        final int exitCount;
        final byte[] enterRaw;
        final byte[] exitRaw;
        final String text;

        Remembered(EventParams enter, EventParams exit, String text) {
            code = exit.type.code;
            enterCount = enter == null ? -1 : enter.count();
            exitCount = exit.count();
            enterRaw = enter == null ? null : enter.raw();
            exitRaw = exit.raw();
            this.text = text;
        }

        boolean matches(EventParams enter, EventParams exit) {
            return code == exit.type.code && exitCount == exit.count() && exit.rawEquals(exitRaw)
                    && (enter == null ? enterCount == -1 : enterCount == enter.count() && enter.rawEquals(enterRaw));
        }
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
        if (family == Linux.AF_INET && len >= (tuple ? 13 : 7)) {
            sb.append(SocketAddresses.ipv4(b, off + 1)).append(':').append(SocketAddresses.port(b, off + 5));
            if (tuple) {
                sb.append("->").append(SocketAddresses.ipv4(b, off + 7)).append(':')
                        .append(SocketAddresses.port(b, off + 11));
            }
        } else if (family == Linux.AF_INET6 && len >= (tuple ? 37 : 19)) {
            sb.append(SocketAddresses.ipv6(b, off + 1)).append(':').append(SocketAddresses.port(b, off + 17));
            if (tuple) {
                sb.append("->").append(SocketAddresses.ipv6(b, off + 19)).append(':')
                        .append(SocketAddresses.port(b, off + 35));
            }
        } else {
            int skip = family == Linux.AF_UNIX && tuple ? 17 : 1;
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
