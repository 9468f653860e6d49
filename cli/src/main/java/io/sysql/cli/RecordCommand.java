package io.sysql.cli;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.source.EventSources;
import io.sysql.capture.source.SourceException;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.Recording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Record a capture: a /proc snapshot, then every system call of one command (run under",
                "strace, following its children and threads; the snapshot is its line of ancestors), of a",
                "running process (the snapshot is the whole machine) or of the whole machine (eBPF).",
                "",
                "  sysql record -o DIR -- COMMAND [ARGS...]",
                "      run COMMAND; its stdin, stdout, stderr and exit status pass through",
                "  sysql record -o DIR -p PID",
                "      attach to PID and its threads until it exits or Ctrl-C (the capture",
                "      is then completed cleanly)",
                "  sysql record --system -o DIR [--duration S] [-- COMMAND [ARGS...]]",
                "      every process of the machine, through eBPF (root), until Ctrl-C,",
                "      S seconds or COMMAND's exit; 'recording…' on stderr says when it is",
                "      live, and COMMAND starts then",
                "",
                "Each recording ends with one line on stderr: events, seconds, directory, drops.",
                "Events are journaled as they happen: a capture can be queried while it is recorded."})
final class RecordCommand implements Callable<Integer> {
    static final String STRACE_WAY_OUT = "To record one command without eBPF (through strace): sysql record -o DIR -- COMMAND";

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "The capture directory to create (made 0700, files 0600).")
    Path dir;

    @Option(names = "--force", description = "Replace an earlier capture in DIR.")
    boolean force;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "Attach to a running process.")
    Integer pid;

    @Option(names = "--system", description = "Record every process on the machine with eBPF (needs root).")
    boolean system;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "With --system: stop after this many seconds.")
    Double duration;

    @Option(names = "--snaplen", defaultValue = "" + Event.DEFAULT_SNAPLEN, paramLabel = "BYTES",
            description = "Bytes of data kept per read/write-family call. Default: ${DEFAULT-VALUE}.")
    int snaplen;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to run and record.")
    List<String> command;

    @Override
    public Integer call() throws InterruptedException {
        boolean hasCommand = command != null && !command.isEmpty();
        if (system) {
            return recordSystem(hasCommand);
        }
        if (duration != null) {
            throw new UserError("--duration goes with --system (a recorded command ends the capture by exiting)");
        }
        if (hasCommand == (pid != null)) {
            throw new UserError("record needs either -- COMMAND [ARGS...] or -p PID (see sysql record --help)");
        }
        if (snaplen < 0 || snaplen > 65536) {
            throw new UserError("--snaplen must be between 0 and 65536");
        }
        Recording recording = new Recording(dir, force,
                hasCommand ? EventSources.command(command, snaplen) : EventSources.attach(pid, snaplen));
        // Ctrl-C reaches a recorded command by itself (same process group); it must not kill the
        // recorder before strace has drained, and for -p it means "stop recording".
        Signal.handle(new Signal("INT"), s -> {
            if (pid != null) {
                recording.stop();
            }
        });
        // kill(1) asks for a clean end as well: stop tracing, then complete the capture.
        Signal.handle(new Signal("TERM"), s -> recording.stop());
        try {
            recording.start();
        } catch (SourceException e) {
            throw recordedNothing(e);
        }
        Recording.Summary summary = run(recording, Map.of());
        Object status = summary.metadata().get(CaptureMetadata.EXIT_STATUS);
        return status instanceof Integer i ? i : 0;
    }

    /** The whole machine until Ctrl-C (or SIGTERM), the duration, or the command's exit. */
    private int recordSystem(boolean hasCommand) throws InterruptedException {
        if (pid != null) {
            throw new UserError("--system records every process already; -p PID is for strace recording");
        }
        if (snaplen < 1 || snaplen > EventSources.MAX_SYSTEM_SNAPLEN) {
            throw new UserError("--snaplen with --system must be between 1 and " + EventSources.MAX_SYSTEM_SNAPLEN);
        }
        if (duration != null && duration <= 0) {
            throw new UserError("--duration must be positive");
        }
        if (hasCommand) {
            try {
                EventSources.checkRunnable(command);
            } catch (SourceException e) {
                throw recordedNothing(e);
            }
        }
        String described = "--system" + (hasCommand ? " -- " + String.join(" ", command) : "");
        Recording recording = new Recording(dir, force, EventSources.system(snaplen, described));
        CountDownLatch stop = new CountDownLatch(1);
        // Ctrl-C reaches a recorded command by itself (same process group); without one it means "stop".
        Signal.handle(new Signal("INT"), s -> {
            if (!hasCommand) {
                stop.countDown();
            }
        });
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        startSystem(recording);
        // the probe is attached and the snapshot written: from here on nothing the machine does is missed
        System.err.println(hasCommand ? "sysql: recording… (running " + command.get(0) + ")"
                : "sysql: recording… (Ctrl-C to stop" + (duration != null ? ", or " + duration + " s" : "") + ")");
        int status = 0;
        if (hasCommand) {
            Process child;
            try {
                child = new ProcessBuilder(command).inheritIO().start();
            } catch (IOException e) {
                recording.stop();
                run(recording, Map.of());
                throw new UserError("cannot run " + command.get(0) + ": " + e.getMessage());
            }
            child.onExit().thenRun(stop::countDown);
            await(stop);
            status = child.isAlive() ? 0 : child.exitValue();
            if (child.isAlive()) {
                System.err.println("sysql: recording stopped; " + command.get(0) + " (pid " + child.pid()
                        + ") keeps running");
            }
        } else {
            await(stop);
        }
        recording.stop();
        Recording.Summary summary = run(recording, Map.of(CaptureMetadata.EXIT_STATUS, status));
        return summary.failure() == null ? status : Math.max(status, 1);
    }

    /** Starts a system-wide recording, or says clearly why it cannot, with the way out. */
    static void startSystem(Recording recording) {
        try {
            recording.start();
        } catch (SourceException e) {
            throw new UserError(e.getMessage() + ". " + STRACE_WAY_OUT);
        }
    }

    /** Completes the capture and says in one line what it holds (and before it, why it ended early). */
    private Recording.Summary run(Recording recording, Map<String, ?> extra) throws InterruptedException {
        Recording.Summary s;
        try {
            s = recording.finish(extra);
        } catch (SourceException e) {
            throw recordedNothing(e);
        }
        if (s.failure() != null) {
            System.err.println("sysql: " + s.failure().getMessage());
        }
        long drops = s.count(SourceCounters.DROPS);
        System.err.printf("sysql: recorded %,d events in %.1f s into %s (%,d dropped%s, %,d parse errors)%n",
                s.events(), s.seconds(), dir, drops,
                drops > 0 ? " by the kernel; the processes were re-read from /proc after each drop" : "",
                s.count(SourceCounters.PARSE_ERRORS));
        return s;
    }

    /**
     * The source could not record what it was asked to, and no capture is left: its one line, and the exit
     * status a shell gives a command it cannot run (127 not found, 126 not executable), else 1.
     */
    private static UserError recordedNothing(SourceException e) {
        return new UserError(e.getMessage(), e.exitStatus() > 0 ? e.exitStatus() : 1);
    }

    private void await(CountDownLatch stop) throws InterruptedException {
        if (duration == null) {
            stop.await();
        } else {
            stop.await((long) (duration * 1000), TimeUnit.MILLISECONDS);
        }
    }
}
