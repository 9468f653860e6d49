package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Completes the arguments of a new program that strace cut (it prints at most {@code -s} bytes of each
 * string, and that limit is the snaplen, kept small so that read and write data stay small). The recorded
 * command's own argv is known whole. For its children's: the event of a successful execve is read moments
 * after the call, and if the process still runs that program, {@code /proc/PID/cmdline} holds the whole
 * argv. A process that has exited or moved on by then keeps the cut text, whose cut arguments end in "...".
 */
final class WholeArgv implements EventSink {
    private static final String CUT = "...";

    private final EventSink sink;
    private final Path proc;
    /** The recorded command's argv as the recorder gave it to strace, until its execve is seen; else null. */
    private String commandArgv;

    /** @param command the command strace runs (its argv is known whole), or null when attaching */
    WholeArgv(EventSink sink, Path proc, List<String> command) {
        this.sink = sink;
        this.proc = proc;
        this.commandArgv = command == null ? null : String.join(" ", command);
    }

    @Override
    public void accept(Event e) {
        if (e.args != null && !e.failed() && isExec(e.kind)) {
            String known = commandArgv;
            commandArgv = null; // the first program run is the command; later ones are its children's
            if (e.args.contains(CUT)) {
                String whole = known != null && startsAsShown(known, e) ? known : runningArgv(e);
                if (whole != null) {
                    e.args = whole;
                }
            }
        }
        sink.accept(e);
    }

    /** {@code argv} is longer than what strace showed of {@code e}'s argv and begins the same. */
    private static boolean startsAsShown(String argv, Event e) {
        String shown = e.args.substring(0, e.args.indexOf(CUT));
        return argv.startsWith(shown) && argv.length() > shown.length();
    }

    private static boolean isExec(EventKind kind) {
        return kind == EventKinds.EXECVE || kind == EventKinds.EXECVEAT;
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
            return startsAsShown(argv, e) ? argv : null;
        } catch (IOException | UnsupportedOperationException gone) {
            return null;
        }
    }
}
