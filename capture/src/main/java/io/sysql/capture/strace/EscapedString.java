package io.sysql.capture.strace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A string as strace prints it: in double quotes, with C escapes ({@code \n \t \" \\}), octal
 * ({@code \0}, {@code \377}) or hex ({@code \xff}) escapes for other bytes, and {@code ...} after the
 * closing quote when strace cut it at its {@code -s} limit. Decoding gives back the exact bytes.
 */
final class EscapedString {
    final byte[] bytes;
    /** strace printed {@code ...} after the string: the real one is longer. */
    final boolean truncated;
    /** Index just past the string (and its truncation marker) in the text it was read from. */
    final int end;

    private EscapedString(byte[] bytes, boolean truncated, int end) {
        this.bytes = bytes;
        this.truncated = truncated;
        this.end = end;
    }

    /** Reads the quoted string whose opening quote is at {@code text[start]}. */
    static EscapedString read(String text, int start) {
        if (start >= text.length() || text.charAt(start) != '"') {
            throw new StraceSyntaxException("expected a quoted string at " + start);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = start + 1;
        while (true) {
            if (i >= text.length()) {
                throw new StraceSyntaxException("unterminated string");
            }
            char c = text.charAt(i);
            if (c == '"') {
                i++;
                break;
            }
            i = c == '\\' ? unescapeOne(text, i, out) : appendChar(c, i, out);
        }
        boolean truncated = text.startsWith("...", i);
        return new EscapedString(out.toByteArray(), truncated, truncated ? i + 3 : i);
    }

    /** Decodes escapes in text that is not quoted (file names inside fd decorations). */
    static String unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            i = c == '\\' ? unescapeOne(text, i, out) : appendChar(c, i, out);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int appendChar(char c, int i, ByteArrayOutputStream out) {
        // strace escapes every byte outside printable ASCII, so one char is one byte; anything wider
        // comes from a file read as UTF-8 by someone else and is re-encoded as such.
        if (c < 0x80) {
            out.write(c);
        } else {
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return i + 1;
    }

    /** Decodes the escape starting with the backslash at {@code i}; returns the index after it. */
    private static int unescapeOne(String text, int i, ByteArrayOutputStream out) {
        if (i + 1 >= text.length()) {
            throw new StraceSyntaxException("dangling backslash");
        }
        char e = text.charAt(i + 1);
        switch (e) {
            case 'n': out.write('\n'); return i + 2;
            case 't': out.write('\t'); return i + 2;
            case 'r': out.write('\r'); return i + 2;
            case 'v': out.write(0x0b); return i + 2;
            case 'f': out.write('\f'); return i + 2;
            case 'a': out.write(0x07); return i + 2;
            case 'b': out.write('\b'); return i + 2;
            case 'e': out.write(0x1b); return i + 2;
            case 'x': return hex(text, i + 2, out);
            default:
                if (e >= '0' && e <= '7') {
                    return octal(text, i + 1, out);
                }
                out.write(e); // \" \\ \' \?
                return i + 2;
        }
    }

    private static int hex(String text, int from, ByteArrayOutputStream out) {
        int value = 0;
        int i = from;
        while (i < text.length() && i < from + 2 && Character.digit(text.charAt(i), 16) >= 0) {
            value = value * 16 + Character.digit(text.charAt(i), 16);
            i++;
        }
        if (i == from) {
            throw new StraceSyntaxException("\\x without hex digits");
        }
        out.write(value);
        return i;
    }

    private static int octal(String text, int from, ByteArrayOutputStream out) {
        int value = 0;
        int i = from;
        while (i < text.length() && i < from + 3 && text.charAt(i) >= '0' && text.charAt(i) <= '7') {
            value = value * 8 + (text.charAt(i) - '0');
            i++;
        }
        out.write(value & 0xff);
        return i;
    }
}
