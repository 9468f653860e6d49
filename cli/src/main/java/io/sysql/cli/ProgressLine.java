package io.sysql.cli;

import io.sysql.capture.source.ReadProgress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How far a long import or export got, on stderr: a line rewritten in place a few times a second on a terminal, a
 * new line every few seconds otherwise (a log stays readable, a pipe is not flooded).
 */
final class ProgressLine implements ReadProgress {
    private static final long TERMINAL_EVERY_NS = 200_000_000L;
    private static final long LOG_EVERY_NS = 5_000_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastShown = started;
    private int width;

    ProgressLine(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** stderr is a terminal: on Linux, fd 2 links to a tty device. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    @Override
    public void update(long position, long total, long events) {
        if (due()) {
            double seconds = (System.nanoTime() - started) / 1e9;
            show(String.format("sysql: import %,.1f / %,.1f MB, %,d events (%.2f M events/s)",
                    position / 1e6, total / 1e6, events, events / seconds / 1e6));
        }
    }

    @Override
    public void decompressing(long compressedRead, long compressedTotal) {
        if (due()) {
            show(String.format("sysql: decompressing %,.1f / %,.1f MB (gzip) before reading", compressedRead / 1e6,
                    compressedTotal / 1e6));
        }
    }

    /** How far an export got through a capture's events. */
    void exported(String capture, long events, long total) {
        if (due()) {
            double seconds = (System.nanoTime() - started) / 1e9;
            show(String.format("sysql: export %s: %,d / %,d events (%.2f M events/s)", capture, events, total,
                    events / seconds / 1e6));
        }
    }

    private boolean due() {
        long now = System.nanoTime();
        if (now - lastShown < (terminal ? TERMINAL_EVERY_NS : LOG_EVERY_NS)) {
            return false;
        }
        lastShown = now;
        return true;
    }

    private void show(String line) {
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            width = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Erases the in-place line so that the summary that follows stands alone. */
    void clear() {
        if (terminal && width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }
}
