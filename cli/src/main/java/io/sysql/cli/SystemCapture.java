package io.sysql.cli;

import io.sysql.capture.ebpf.EbpfException;
import io.sysql.capture.ebpf.EbpfOptions;
import io.sysql.capture.ebpf.EbpfRecorder;
import io.sysql.capture.ebpf.SystemRecording;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.proc.ProcSnapshot;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;

import java.nio.file.Path;
import java.util.Map;

/** A system-wide eBPF recording journaled into a capture directory, from its start to its completion. */
final class SystemCapture implements AutoCloseable {
    private final CaptureWriter writer;
    private final SystemRecording recording;
    private SourceCounters counters;

    private SystemCapture(CaptureWriter writer, SystemRecording recording) {
        this.writer = writer;
        this.recording = recording;
    }

    /** Refuses clearly, with the way out, when this machine or user cannot record with eBPF. */
    static void checkSupported() {
        EbpfRecorder.unsupportedReason().ifPresent(reason -> {
            throw new UserError("cannot record system-wide: " + reason
                    + ". To record one command without eBPF (through strace): sysql record -o DIR -- COMMAND");
        });
    }

    /** Creates the capture, attaches, writes the /proc snapshot and returns once events flow into it. */
    static SystemCapture start(Path dir, boolean force, String described, int snaplen) {
        checkSupported();
        CaptureWriter writer = CaptureWriter.create(dir, force, "ebpf", described);
        writer.metadata().put(CaptureMetadata.SNAPLEN, snaplen);
        SystemRecording recording = new SystemRecording(EbpfOptions.defaults().withSnaplen(snaplen),
                ProcSnapshot.ofThisMachine());
        try {
            recording.start(writer);
        } catch (EbpfException e) {
            writer.finish(recording.counters(), Map.of(), CaptureMetadata.STATE_PARTIAL);
            throw new UserError("cannot record system-wide: " + e.getMessage()
                    + ". To record one command without eBPF (through strace): sysql record -o DIR -- COMMAND");
        }
        return new SystemCapture(writer, recording);
    }

    CaptureWriter writer() {
        return writer;
    }

    /** Stops recording and completes the capture; the counters (drops among them) are its metadata. */
    SourceCounters finish(Map<String, ?> extra) {
        if (counters == null) {
            String state = CaptureMetadata.STATE_COMPLETE;
            try {
                recording.stop();
            } catch (EbpfException e) {
                state = CaptureMetadata.STATE_PARTIAL;
                Throwable cause = e.getCause() == null ? e : e.getCause();
                System.err.println("sysql: " + e.getMessage() + ": " + cause);
                if (System.getenv("SYSQL_DEBUG") != null) {
                    cause.printStackTrace();
                }
            }
            counters = recording.counters();
            writer.finish(counters, extra, state);
        }
        return counters;
    }

    @Override
    public void close() {
        finish(Map.of());
    }
}
