package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.EventTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Completes the arguments of a new program that strace cut (it prints at most {@code -s} bytes of each
 * string, and that limit is the snaplen, kept small so that read and write data stay small): the event of
 * a successful execve is read moments after the call, and if the process still runs that program,
 * {@code /proc/PID/cmdline} holds the whole argv. A process that has exited or moved on by then keeps the
 * cut text, whose cut arguments end in "...".
 */
final class WholeArgv implements EventSink {
    private static final String CUT = "...";

    private final EventSink sink;
    private final Path proc;

    WholeArgv(EventSink sink, Path proc) {
        this.sink = sink;
        this.proc = proc;
    }

    @Override
    public void accept(Event e) {
        if (e.args != null && !e.failed() && isExec(e.type) && e.args.contains(CUT)) {
            String whole = runningArgv(e);
            if (whole != null) {
                e.args = whole;
            }
        }
        sink.accept(e);
    }

    private static boolean isExec(String type) {
        return EventTypes.EXECVE.equals(type) || EventTypes.EXECVEAT.equals(type);
    }

    /** The process's argv if it still runs the program {@code e} started and its argv begins as strace showed it. */
    private String runningArgv(Event e) {
        Path dir = proc.resolve(Integer.toString(e.pid));
        try {
            if (e.exe != null && !Files.readSymbolicLink(dir.resolve("exe")).equals(Path.of(e.exe).toRealPath())) {
                return null;
            }
            String argv = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').stripTrailing();
            String shown = e.args.substring(0, e.args.indexOf(CUT));
            return argv.startsWith(shown) && argv.length() > shown.length() ? argv : null;
        } catch (IOException | UnsupportedOperationException gone) {
            return null;
        }
    }
}
