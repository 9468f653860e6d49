package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records system calls with strace and streams them as events while the traced program runs.
 *
 * <p>strace writes its trace into a FIFO that this recorder reads line by line, so the sink sees each
 * call a moment after it happened. The sink is called on the thread that called {@link #record} or
 * {@link #attach}, one event at a time, in trace order.
 *
 * <p>One recorder runs one recording at a time; {@link #stop()} may be called from any thread (a
 * SIGINT handler, for instance).
 */
public final class StraceRecorder {
    /**
     * @param snaplen how many data bytes each read/write-family event keeps (strace's {@code -s})
     * @param strace  the strace binary, or null to look for {@code strace} on the PATH
     */
    public record Options(int snaplen, Path strace) {
        public Options {
            if (snaplen < 0) {
                throw new IllegalArgumentException("snaplen must not be negative: " + snaplen);
            }
        }

        public static Options defaults() {
            return new Options(Event.DEFAULT_SNAPLEN, null);
        }

        public Options withSnaplen(int n) {
            return new Options(n, strace);
        }
    }

    /** The exit statuses of a shell for a command it cannot find, and for one it found but cannot execute. */
    private static final int NOT_FOUND = 127;
    private static final int CANNOT_EXECUTE = 126;

    private final Options options;
    private final SourceCounters counters = new SourceCounters();
    private volatile Process strace;
    private volatile boolean attaching;
    private volatile boolean stopRequested;
    private long delivered;

    public StraceRecorder(Options options) {
        this.options = options;
    }

    public StraceRecorder() {
        this(Options.defaults());
    }

    /** The arguments given to strace before {@code -o FILE} and the command or {@code -p PID}. */
    public static List<String> straceArguments(int snaplen) {
        return List.of("-f", "-ttt", "-T", "-yy", "-s", String.valueOf(snaplen), "--strings-in-hex=non-ascii-chars",
                "--pidns-translation");
    }

    /** Counts of what the recorder met (unparsed lines: {@link SourceCounters#PARSE_ERRORS}). */
    public SourceCounters counters() {
        return counters;
    }

    /**
     * Runs {@code command} under strace, its stdin, stdout and stderr those of this process, and returns
     * when it and every process it started under the trace have ended.
     *
     * @return the command's exit status as strace passes it on (128 + N when a signal N killed it)
     * @throws StraceException strace is not installed, or it could not start the command (see
     *                         {@link #checkCommand}; not allowed to trace); the message says which
     */
    public int record(List<String> command, EventSink sink) throws IOException, InterruptedException {
        checkCommand(command);
        List<String> target = new ArrayList<>();
        target.add("--");
        target.addAll(command);
        attaching = false;
        int status;
        try {
            EventSink rooted = new CommandRoot(countingSink(sink), this::stracePid, counters);
            status = run(target, new StraceParser(rooted, counters, options.snaplen()));
        } finally {
            stopRequested = false;
        }
        if (delivered == 0 && status != 0) {
            // found, yet strace could not run it under its trace (no ptrace allowed): 126, as a shell says
            throw new StraceException("strace could not start or trace " + command.get(0) + " (exit status "
                    + status + "; its message is above)", CANNOT_EXECUTE);
        }
        return status;
    }

    /** Refuses, before anything runs, what {@link #record} would fail at: no strace, or {@link #checkRunnable}. */
    public void checkCommand(List<String> command) throws StraceException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to record");
        }
        straceBinary();
        checkRunnable(command.get(0));
    }

    /**
     * Refuses a command a shell could not run either, in the shell's words and with its exit status (127 not
     * found, 126 not executable).
     */
    public static void checkRunnable(String name) throws StraceException {
        if (!name.contains("/")) {
            if (onPath(name).isEmpty()) {
                throw new StraceException(name + ": command not found", NOT_FOUND);
            }
            return;
        }
        Path file = Paths.get(name);
        if (!Files.exists(file)) {
            throw new StraceException(name + ": no such file or directory", NOT_FOUND);
        }
        if (Files.isDirectory(file)) {
            throw new StraceException(name + ": is a directory", CANNOT_EXECUTE);
        }
        if (executable(file).isEmpty()) {
            throw new StraceException(name + ": permission denied", CANNOT_EXECUTE);
        }
    }

    /** Refuses, before anything runs, what {@link #attach} would fail at first: no strace, or no process {@code pid}. */
    public void checkAttach(int pid) throws StraceException {
        straceBinary();
        if (!Files.isDirectory(tasks(pid))) {
            throw new StraceException("there is no process " + pid + " to attach to", -1);
        }
    }

    private static Path tasks(int pid) {
        return Paths.get("/proc", String.valueOf(pid), "task");
    }

    /**
     * Traces the running process {@code pid} and all its threads (and the processes it starts) until it
     * exits or {@link #stop()} is called; then strace detaches, leaving the process running, and this
     * method returns after the last event.
     *
     * @throws StraceException strace is not installed, the process does not exist, or strace could not
     *                         attach to it
     */
    public void attach(int pid, EventSink sink) throws IOException, InterruptedException {
        checkAttach(pid);
        StraceParser parser = new StraceParser(countingSink(sink), counters, options.snaplen());
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks(pid))) {
            for (Path thread : threads) {
                parser.seedThread(Integer.parseInt(thread.getFileName().toString()), pid);
            }
        }
        attaching = true;
        int status;
        boolean stopped;
        try {
            // -q: strace would print a line on the recorder's stderr for every thread it attaches to and
            // detaches from (it keeps quiet on its own only for a command it starts)
            status = run(List.of("-q", "-p", String.valueOf(pid)), parser);
        } finally {
            stopped = stopRequested;
            stopRequested = false;
        }
        if (delivered == 0 && status != 0 && !stopped) {
            throw new StraceException("strace could not attach to process " + pid + " (exit status " + status
                    + "; its message is above). Attaching needs root or CAP_SYS_PTRACE, and a"
                    + " kernel.yama.ptrace_scope that allows it.", status);
        }
    }

    /**
     * Ends the recording: when attached, strace detaches and the process goes on untraced; when running a
     * command, the command is sent SIGTERM. Either way {@link #record}/{@link #attach} return normally
     * once strace's remaining output is read. Does nothing when nothing is being recorded.
     */
    public void stop() {
        stopRequested = true;
        Process p = strace;
        if (p == null) {
            return;
        }
        if (attaching) {
            p.destroy(); // SIGTERM: strace detaches from every thread, then exits
        } else {
            // strace ignores fatal signals while it runs a command (-I3): ask the command to end instead
            p.toHandle().children().forEach(ProcessHandle::destroy);
        }
    }

    private int stracePid() {
        Process p = strace;
        return p == null ? 0 : (int) p.pid();
    }

    private EventSink countingSink(EventSink sink) {
        delivered = 0;
        return e -> {
            delivered++;
            sink.accept(e);
        };
    }

    private int run(List<String> target, StraceParser parser) throws IOException, InterruptedException {
        Path binary = straceBinary();
        removeLeftoverTemporaryDirectories();
        Path dir = Files.createTempDirectory(TEMP_PREFIX + ProcessHandle.current().pid() + "-");
        Path fifo = dir.resolve("trace.fifo");
        try {
            mkfifo(fifo);
            List<String> argv = new ArrayList<>(diesWithThisThread());
            argv.add(binary.toString());
            argv.addAll(straceArguments(options.snaplen()));
            argv.add("-o");
            argv.add(fifo.toString());
            argv.addAll(target);
            Process p = new ProcessBuilder(argv).inheritIO().start();
            strace = p;
            if (stopRequested) {
                stop();
            }
            AtomicBoolean opened = new AtomicBoolean();
            Thread watcher = unblockReaderWhenStraceExits(p, fifo, opened);
            try {
                readTrace(fifo, opened, parser);
            } catch (RuntimeException | Error e) {
                p.destroy();
                throw e;
            }
            int status = p.waitFor();
            watcher.join();
            return status;
        } finally {
            strace = null;
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * strace outlives a recorder killed outright (SIGKILL), tracing on and failing every write to the FIFO
     * nobody reads; it ignores fatal signals while it runs a command. setpriv's PR_SET_PDEATHSIG has the
     * kernel kill it when the thread that started it ends: this one, which reads the trace until strace
     * exits. (strace 6.1 has no --kill-on-exit.) Without setpriv, strace is started as it is.
     */
    private static List<String> diesWithThisThread() {
        return onPath("setpriv").map(setpriv -> List.of(setpriv.toString(), "--pdeathsig", "KILL")).orElse(List.of());
    }

    private static final String TEMP_PREFIX = "sysql-strace-";

    /** The temporary directories of recorders killed before they could remove them: named after their pid. */
    private static void removeLeftoverTemporaryDirectories() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, TEMP_PREFIX + "*-*")) {
            for (Path dir : dirs) {
                String pid = dir.getFileName().toString().substring(TEMP_PREFIX.length()).replaceAll("-.*", "");
                if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isEmpty() && ownDirectory(dir)) {
                    Files.deleteIfExists(dir.resolve("trace.fifo"));
                    Files.deleteIfExists(dir);
                }
            }
        } catch (IOException | RuntimeException otherUsersOrInUse) {
            // a leftover that cannot be removed costs an inode, not a recording
        }
    }

    /** Not a link another user planted in the shared temporary directory. */
    private static boolean ownDirectory(Path dir) throws IOException {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
    }

    private static void readTrace(Path fifo, AtomicBoolean opened, StraceParser parser) throws IOException {
        try (InputStream in = new FileInputStream(fifo.toFile())) {
            opened.set(true);
            // strace escapes every byte outside printable ASCII: Latin-1 reads it without loss
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16);
            String line;
            while ((line = lines.readLine()) != null) {
                parser.accept(line);
            }
        }
        parser.finish();
    }

    /**
     * Opening a FIFO for reading blocks until a writer opens it. If strace exits without ever opening it
     * (bad arguments, command not found), open it for writing once so that the reader wakes up to EOF.
     */
    private static Thread unblockReaderWhenStraceExits(Process p, Path fifo, AtomicBoolean opened) {
        Thread watcher = new Thread(() -> {
            p.onExit().join();
            if (!opened.get()) {
                try (OutputStream unblock = new FileOutputStream(fifo.toFile())) {
                    // nothing to write: closing it ends the reader's wait
                } catch (IOException ignored) {
                    // the reader is gone already
                }
            }
        }, "strace-exit-watcher");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private Path straceBinary() throws StraceException {
        Optional<Path> found = options.strace() != null ? executable(options.strace()) : onPath("strace");
        return found.orElseThrow(() -> new StraceException(
                (options.strace() != null ? options.strace() + " is not an executable strace" : "strace is not installed")
                        + ": install it (Debian/Ubuntu: apt-get install strace; Fedora/RHEL: dnf install strace)",
                -1));
    }

    private static void mkfifo(Path fifo) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("cannot make the FIFO strace writes to: " + output);
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            Optional<Path> found = executable(Paths.get(dir.isEmpty() ? "." : dir, name));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
}
