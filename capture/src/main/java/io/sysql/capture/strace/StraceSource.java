package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.proc.CpuSampler;
import io.sysql.capture.proc.ProcSnapshot;
import io.sysql.capture.source.EventSource;
import io.sysql.capture.source.SourceException;
import io.sysql.capture.source.SourceMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One command run under strace, or one running process strace attaches to: a {@code /proc} snapshot (the
 * command's line of ancestors; the whole machine for a process attached to, which lives among the
 * others), then every call of the command and its children (or of the process) until it ends or is stopped.
 * strace is read on a thread of its own; {@link #awaitEnd} gives the command's exit status in the metadata.
 *
 * <p>strace tells no CPU time: the threads of the processes it traces are read in /proc every
 * {@link #CPU_SAMPLE_MILLIS} ({@link CpuSampler}), and once more when it ends.
 */
public final class StraceSource implements EventSource {
    /** How often the traced threads' CPU time is read: what a thread ran is known to within this. */
    public static final long CPU_SAMPLE_MILLIS = 100;
    private static final Path PROC = Path.of("/proc");

    private final StraceRecorder recorder;
    private final List<String> command;
    private final int pid;
    private final int snaplen;
    private final SourceCounters counters = new SourceCounters();
    /** The processes the trace has shown and not yet seen end. */
    private final Set<Integer> traced = ConcurrentHashMap.newKeySet();
    private final CpuSampler cpu = new CpuSampler(PROC,
            () -> traced.stream().mapToInt(Integer::intValue).toArray(), CPU_SAMPLE_MILLIS);
    private Thread reader;
    private int exitStatus;
    private Throwable failure;

    private StraceSource(List<String> command, int pid, int snaplen) {
        this.recorder = new StraceRecorder(StraceRecorder.Options.defaults().withSnaplen(snaplen));
        this.command = command;
        this.pid = pid;
        this.snaplen = snaplen;
    }

    /** Runs {@code command}, its stdin, stdout and stderr those of this process, and records it. */
    public static StraceSource command(List<String> command, int snaplen) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to record");
        }
        return new StraceSource(List.copyOf(command), 0, snaplen);
    }

    /** Attaches to the running process {@code pid} and its threads. */
    public static StraceSource attach(int pid, int snaplen) {
        return new StraceSource(null, pid, snaplen);
    }

    @Override
    public String name() {
        return "strace";
    }

    @Override
    public String description() {
        return command != null ? String.join(" ", command) : "-p " + pid;
    }

    /** @throws SourceException strace, the command or the process is missing: refused before the snapshot */
    @Override
    public void start(EventSink sink) throws SourceException {
        try {
            if (command != null) {
                recorder.checkCommand(command);
            } else {
                recorder.checkAttach(pid);
            }
        } catch (StraceException e) {
            throw new SourceException(e.getMessage(), e.exitStatus());
        }
        ProcSnapshot snapshot = ProcSnapshot.ofThisMachine();
        if (command != null) {
            emitLineage(snapshot, sink);
        } else {
            snapshot.emitAll(sink, counters);
        }
        EventSink calls = new WholeArgv(e -> {
            cpu.deliverUpTo(e.ts, sink);
            noteTraced(e);
            sink.accept(e);
        }, PROC, command);
        reader = new Thread(() -> {
            try {
                cpu.start();
                try {
                    if (command != null) {
                        exitStatus = recorder.record(command, calls);
                    } else {
                        recorder.attach(pid, calls);
                    }
                } finally {
                    cpu.close();
                    cpu.deliverAll(sink);
                }
            } catch (StraceException e) {
                exitStatus = e.exitStatus() > 0 ? e.exitStatus() : 1;
                failure = e;
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                exitStatus = 1;
                failure = e;
            }
        }, "sysql-strace-reader");
        reader.start();
    }

    /**
     * A command started now can reach no other process's threads or fds but what it inherits down its
     * line of ancestors (its stdin, stdout, stderr), so the snapshot is that line, from init to this
     * recorder, and not the whole machine: its processes would crowd every answer about the command, and
     * reading them all delays the command's start (a second on a small machine).
     */
    private void emitLineage(ProcSnapshot snapshot, EventSink sink) {
        snapshot.emitAccounts(sink, counters);
        List<Long> line = new ArrayList<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            line.add(0, p.get().pid());
        }
        for (long ancestor : line) {
            snapshot.emitProcess((int) ancestor, sink, counters);
        }
    }

    private void noteTraced(Event e) {
        if (e.kind == EventKinds.PROCEXIT && e.tid == e.pid) {
            traced.remove(e.pid);
        } else if (e.pid > 0) {
            traced.add(e.pid);
        }
    }

    @Override
    public void stop() {
        recorder.stop();
    }

    @Override
    public void awaitEnd() throws SourceException, InterruptedException {
        reader.join();
        if (failure instanceof StraceException e) {
            // thrown only before strace traced a single call
            throw SourceException.recordedNothing(e.getMessage(), exitStatus);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new SourceException("reading strace's output failed: " + failure, failure);
        }
    }

    @Override
    public SourceCounters counters() {
        SourceCounters all = new SourceCounters();
        all.addAll(counters);
        all.addAll(recorder.counters());
        return all;
    }

    @Override
    public Map<String, Object> metadata() {
        Map<String, Object> m = new HashMap<>();
        m.put(SourceMetadata.SNAPLEN, snaplen);
        m.put(SourceMetadata.EXIT_STATUS, exitStatus);
        return m;
    }

    @Override
    public boolean complete() {
        return failure == null;
    }
}
