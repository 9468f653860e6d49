package io.sysql.capture.strace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An fd argument: its number and, with {@code -y}, what it refers to ({@code 3</etc/passwd>}). */
final class FdRef {
    private static final Pattern FD = Pattern.compile("(-?\\d+|AT_FDCWD)(<.*)?", Pattern.DOTALL);
    static final int AT_FDCWD = -100;

    final int fd;
    /** Null when strace printed no decoration (an fd that was not open, or no -y). */
    final FdDecoration decoration;

    private FdRef(int fd, FdDecoration decoration) {
        this.fd = fd;
        this.decoration = decoration;
    }

    /** The fd in {@code text}, or null when the text is not an fd. */
    static FdRef parse(String text) {
        Matcher m = FD.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int fd = m.group(1).equals("AT_FDCWD") ? AT_FDCWD : Integer.parseInt(m.group(1));
        return new FdRef(fd, m.group(2) == null ? null : decorationAt(text, m.start(2)));
    }

    /** Reads the decoration whose {@code <} is at {@code open}, with a following {@code (deleted)}. */
    static FdDecoration decorationAt(String text, int open) {
        int close = ArgScanner.matchingClose(text, open);
        boolean deleted = text.startsWith("(deleted)", close + 1);
        return FdDecoration.parse(text.substring(open + 1, close), deleted);
    }

    /** The path of a directory fd or AT_FDCWD, or null. */
    String path() {
        return decoration == null ? null : decoration.path;
    }
}
