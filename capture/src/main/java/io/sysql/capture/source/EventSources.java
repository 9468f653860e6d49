package io.sysql.capture.source;

import io.sysql.capture.ebpf.EbpfOptions;
import io.sysql.capture.ebpf.EbpfRecorder;
import io.sysql.capture.ebpf.SystemRecording;
import io.sysql.capture.proc.ProcSnapshot;
import io.sysql.capture.scap.ScapFileSource;
import io.sysql.capture.strace.StraceException;
import io.sysql.capture.strace.StraceRecorder;
import io.sysql.capture.strace.StraceSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The sources sysql records from, and their limits: the one place that names them. */
public final class EventSources {
    /** Data bytes a system-wide recording can keep per call. */
    public static final int MAX_SYSTEM_SNAPLEN = EbpfOptions.MAX_SNAPLEN;

    private EventSources() {
    }

    /** {@code command} run under strace, with its children and threads. */
    public static EventSource command(List<String> command, int snaplen) {
        return StraceSource.command(command, snaplen);
    }

    /**
     * Refuses a command a shell could not run either, before anything is recorded: the message is the
     * shell's, the exit status too (127 not found, 126 not executable).
     */
    public static void checkRunnable(List<String> command) throws SourceException {
        try {
            StraceRecorder.checkRunnable(command.get(0));
        } catch (StraceException e) {
            throw new SourceException(e.getMessage(), e.exitStatus());
        }
    }

    /** The running process {@code pid} (and its threads), through strace. */
    public static EventSource attach(int pid, int snaplen) {
        return StraceSource.attach(pid, snaplen);
    }

    /** Every process of the machine through eBPF (root); {@code description} is what the capture says. */
    public static EventSource system(int snaplen, String description) {
        return new SystemRecording(EbpfOptions.defaults().withSnaplen(snaplen), ProcSnapshot.ofThisMachine(),
                description);
    }

    /** Why this machine or user cannot record system-wide, or empty when it can. */
    public static Optional<String> systemUnsupportedReason() {
        return EbpfRecorder.unsupportedReason();
    }

    /** A sysdig/falco {@code .scap} file, plain or gzip-compressed. */
    public static EventSource scapFile(Path file, int snaplen, ReadProgress progress) {
        return new ScapFileSource(file, snaplen, progress);
    }
}
