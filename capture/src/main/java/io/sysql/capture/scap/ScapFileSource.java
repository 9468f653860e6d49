package io.sysql.capture.scap;

import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.source.EventSource;
import io.sysql.capture.source.ReadProgress;
import io.sysql.capture.source.SourceException;
import io.sysql.capture.source.SourceMetadata;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A sysdig/falco {@code .scap} file as a source: its lists as the snapshot, then its events, read on a
 * thread of its own ({@link ScapReader}). A fault part-way ends the read; what came before stands, and
 * the metadata says where the fault is.
 */
public final class ScapFileSource implements EventSource {
    /** Metadata: the file's format version. */
    public static final String SCAP_VERSION = "scap_version";

    private final Path file;
    private final int snaplen;
    private final ReadProgress progress;
    private final SourceCounters counters = new SourceCounters();
    private Thread reader;
    private ScapSummary summary;
    private Throwable failure;

    public ScapFileSource(Path file, int snaplen, ReadProgress progress) {
        this.file = file;
        this.snaplen = snaplen;
        this.progress = progress;
    }

    @Override
    public String name() {
        return "scap";
    }

    @Override
    public String description() {
        return null;
    }

    @Override
    public boolean replaysFile() {
        return true;
    }

    @Override
    public void start(EventSink sink) {
        reader = new Thread(() -> {
            try {
                summary = ScapReader.read(file, sink, counters, progress, snaplen);
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
            }
        }, "sysql-scap-reader");
        reader.start();
    }

    /** A file is read to its end. */
    @Override
    public void stop() {
    }

    @Override
    public void awaitEnd() throws SourceException, InterruptedException {
        reader.join();
        if (failure instanceof ScapFormatException e) {
            throw new SourceException(file + ": " + e.getMessage(), e);
        }
        if (failure instanceof NoSuchFileException) {
            throw new SourceException("no such capture file: " + file, failure);
        }
        if (failure instanceof IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    @Override
    public SourceCounters counters() {
        return counters;
    }

    @Override
    public Map<String, Object> metadata() {
        Map<String, Object> m = new HashMap<>();
        m.put(SourceMetadata.ORIGIN, file.toAbsolutePath().normalize().toString());
        m.put(SourceMetadata.SNAPLEN, snaplen);
        if (summary == null) {
            return m;
        }
        ScapSummary s = summary;
        // the recording machine's, not this one's; a .scap file does not record its kernel
        m.put(SourceMetadata.HOST, s.hostname());
        m.put(SourceMetadata.KERNEL, s.kernel());
        m.put(SCAP_VERSION, s.majorVersion() + "." + s.minorVersion());
        m.put("scap_compressed", s.compressed());
        m.put("scap_bytes", s.bytes());
        m.put("scap_event_blocks", s.eventBlocks());
        m.put("scap_cpus", s.numCpus() == 0 ? null : s.numCpus());
        m.put("scap_memory_bytes", s.memoryBytes() == 0 ? null : s.memoryBytes());
        m.put("scap_boot_ts", s.bootTs() == 0 ? null : s.bootTs());
        if (s.partial()) {
            m.put(SourceMetadata.FAULT, s.faultMessage());
            m.put(SourceMetadata.FAULT_OFFSET, s.faultOffset());
        }
        return m;
    }

    @Override
    public boolean complete() {
        return summary != null && !summary.partial();
    }
}
