package io.sysql.cli;

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

@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Record a capture: a /proc snapshot of the whole machine, then every system call of",
                "one command (run under strace, following its children and threads) or of a running process.",
                "",
                "  sysql record -o DIR -- COMMAND [ARGS...]   run COMMAND; its stdin, stdout, stderr and exit",
                "                                             status pass through unchanged",
                "  sysql record -o DIR -p PID                 attach to PID and its threads until it exits or",
                "                                             Ctrl-C (the capture is then completed cleanly)",
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

    @Option(names = "--snaplen", defaultValue = "" + EventTypes.DEFAULT_SNAPLEN, paramLabel = "BYTES",
            description = "Bytes of data kept per read/write-family call. Default: ${DEFAULT-VALUE}.")
    int snaplen;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to run and record.")
    List<String> command;

    @Override
    public Integer call() throws IOException, InterruptedException {
        boolean hasCommand = command != null && !command.isEmpty();
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
        if (Terminal.isStderrTerminal()) {
            System.err.printf("sysql: recorded %,d events into %s (%,d parse errors)%n", writer.eventCount(), dir,
                    counters.get(SourceCounters.PARSE_ERRORS));
        }
        return status;
    }
}
