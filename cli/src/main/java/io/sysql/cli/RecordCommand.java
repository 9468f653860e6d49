package io.sysql.cli;

import io.sysql.capture.ebpf.EbpfOptions;
import io.sysql.capture.event.EventTypes;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.proc.ProcSnapshot;
import io.sysql.capture.strace.StraceException;
import io.sysql.capture.strace.StraceRecorder;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;
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
        description = {"Record a capture: a /proc snapshot of the whole machine, then every system call of",
                "one command (run under strace, following its children and threads) or of a running process.",
                "",
                "  sysql record -o DIR -- COMMAND [ARGS...]   run COMMAND; its stdin, stdout, stderr and exit",
                "                                             status pass through unchanged",
                "  sysql record -o DIR -p PID                 attach to PID and its threads until it exits or",
                "                                             Ctrl-C (the capture is then completed cleanly)",
                "",
                "  sysql record --system -o DIR [--duration S] [-- COMMAND [ARGS...]]",
                "                                             every process of the machine, through eBPF",
                "                                             (root), until Ctrl-C, S seconds or COMMAND's exit",
                "",
                "Events are journaled as they happen: a capture can be queried while it is recorded."})
final class RecordCommand implements Callable<Integer> {
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

    @Option(names = "--snaplen", defaultValue = "" + EventTypes.DEFAULT_SNAPLEN, paramLabel = "BYTES",
            description = "Bytes of data kept per read/write-family call. Default: ${DEFAULT-VALUE}.")
    int snaplen;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to run and record.")
    List<String> command;

    @Override
    public Integer call() throws IOException, InterruptedException {
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
        StraceRecorder recorder = new StraceRecorder(StraceRecorder.Options.defaults().withSnaplen(snaplen));
        String described = hasCommand ? String.join(" ", command) : "-p " + pid;
        SourceCounters counters = new SourceCounters();
        CaptureWriter writer = CaptureWriter.create(dir, force, "strace", described);
        writer.metadata().put(CaptureMetadata.SNAPLEN, snaplen);
        ProcSnapshot.ofThisMachine().emitAll(writer, counters);
        // Ctrl-C reaches a recorded command by itself (same process group); it must not kill the
        // recorder before strace has drained, and for -p it means "stop recording".
        Signal.handle(new Signal("INT"), s -> {
            if (pid != null) {
                recorder.stop();
            }
        });
        // kill(1) asks for a clean end as well: stop tracing, then complete the capture.
        Signal.handle(new Signal("TERM"), s -> recorder.stop());
        int status = 0;
        String state = CaptureMetadata.STATE_COMPLETE;
        try {
            if (hasCommand) {
                status = recorder.record(command, writer);
            } else {
                recorder.attach(pid, writer);
            }
        } catch (StraceException e) {
            state = CaptureMetadata.STATE_PARTIAL;
            status = e.exitStatus() > 0 ? e.exitStatus() : 1;
            System.err.println("sysql: " + e.getMessage());
        } finally {
            counters.addAll(recorder.counters());
            writer.finish(counters, Map.of(CaptureMetadata.EXIT_STATUS, status), state);
        }
        if (StandardStreams.isStderrTerminal()) {
            System.err.printf("sysql: recorded %,d events into %s (%,d parse errors)%n", writer.eventCount(), dir,
                    counters.get(SourceCounters.PARSE_ERRORS));
        }
        return status;
    }

    /** The whole machine until Ctrl-C (or SIGTERM), the duration, or the command's exit. */
    private int recordSystem(boolean hasCommand) throws IOException, InterruptedException {
        if (pid != null) {
            throw new UserError("--system records every process already; -p PID is for strace recording");
        }
        if (snaplen < 1 || snaplen > EbpfOptions.MAX_SNAPLEN) {
            throw new UserError("--snaplen with --system must be between 1 and " + EbpfOptions.MAX_SNAPLEN);
        }
        if (duration != null && duration <= 0) {
            throw new UserError("--duration must be positive");
        }
        String described = "--system" + (hasCommand ? " -- " + String.join(" ", command) : "");
        CountDownLatch stop = new CountDownLatch(1);
        // Ctrl-C reaches a recorded command by itself (same process group); without one it means "stop".
        Signal.handle(new Signal("INT"), s -> {
            if (!hasCommand) {
                stop.countDown();
            }
        });
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        int status = 0;
        SourceCounters counters;
        try (SystemCapture capture = SystemCapture.start(dir, force, described, snaplen)) {
            if (hasCommand) {
                Process child = new ProcessBuilder(command).inheritIO().start();
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
            counters = capture.finish(Map.of(CaptureMetadata.EXIT_STATUS, status));
            long drops = counters.get(SourceCounters.DROPS);
            if (drops > 0 || StandardStreams.isStderrTerminal()) {
                System.err.printf("sysql: recorded %,d events into %s; %,d events dropped by the kernel%s%n",
                        capture.writer().eventCount(), dir, drops,
                        drops > 0 ? " (the processes were re-read from /proc after each drop)" : "");
            }
        }
        return status;
    }

    private void await(CountDownLatch stop) throws InterruptedException {
        if (duration == null) {
            stop.await();
        } else {
            stop.await((long) (duration * 1000), TimeUnit.MILLISECONDS);
        }
    }
}
