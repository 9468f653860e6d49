package io.sysql.cli;

import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventTypes;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.scap.EventHandoff;
import io.sysql.capture.scap.ScapFormatException;
import io.sysql.capture.scap.ScapReader;
import io.sysql.capture.scap.ScapSummary;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Turn a sysdig/falco .scap capture (gzip-compressed or plain) into a sysql capture.",
                "Its process, fd and user lists become the snapshot, each syscall one event (enter and exit",
                "merged), and the events change the process/thread/fd tables as a live recording would.",
                "A damaged capture (truncated, a block of the wrong length) is imported up to the fault and",
                "marked partial: the error names the byte offset and the block, and 'sysql info' says so.",
                "Captures of any size are read; a gzip one is first decompressed into a temporary file in",
                "java.io.tmpdir (as large as the capture decompressed; SYSQL_JAVA_OPTS=-Djava.io.tmpdir=DIR",
                "moves it), deleted when the import ends."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                "0:the whole capture was imported",
                "1:nothing was imported (not a .scap capture, unreadable file, DIR in the way)",
                "2:usage error",
                "3:partial import: the capture is damaged; what came before the fault was kept"})
final class ImportCommand implements Callable<Integer> {
    static final int EXIT_PARTIAL = 3;
    /** Metadata: why a partial import stopped, and where. */
    static final String FAULT = "import_fault";
    static final String FAULT_OFFSET = "import_fault_offset";
    static final String SCAP_VERSION = "scap_version";

    @Parameters(index = "0", paramLabel = "FILE", description = "The .scap file.")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "The capture directory to create.")
    Path dir;

    @Option(names = "--force", description = "Replace the sysql capture already in DIR.")
    boolean force;

    @Option(names = "--snaplen", paramLabel = "BYTES", defaultValue = "" + EventTypes.DEFAULT_SNAPLEN,
            description = "Data bytes kept per read/write-family event (default: ${DEFAULT-VALUE}).")
    int snaplen;

    private CaptureWriter writer;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new UserError("no such capture file: " + file);
        }
        checkOutput();
        Thread warmUp = startWriterWarmUp();
        try {
            return importFile();
        } finally {
            awaitQuietly(warmUp);
        }
    }

    private int importFile() {
        PrintStream err = System.err;
        long started = System.nanoTime();
        ProgressLine progress = new ProgressLine(err, ProgressLine.stderrIsTerminal());
        SourceCounters counters = new SourceCounters();
        SnapshotStamp sink = new SnapshotStamp(e -> writer().accept(e));
        ScapSummary summary;
        // decoding on this thread, state machine and journal on the handoff's: the two cores work at once
        try (EventHandoff handoff = new EventHandoff(sink, "sysql-import-writer")) {
            try {
                summary = ScapReader.read(file, handoff, counters, progress, snaplen);
            } catch (EventHandoff.Stopped e) {
                handoff.finish(); // throws what stopped the writer
                throw e;
            } catch (ScapFormatException e) {
                throw new UserError(file + ": " + e.getMessage());
            } catch (NoSuchFileException e) {
                throw new UserError("no such capture file: " + file);
            } catch (IOException e) {
                throw new UserError("cannot read " + file + ": " + e.getMessage());
            } finally {
                progress.clear();
            }
            handoff.finish();
        }
        sink.flush();
        CaptureWriter w = writer();
        long imported = w.eventCount();
        w.finish(counters, metadata(summary, sink.firstTs()),
                summary.partial() ? CaptureMetadata.STATE_PARTIAL : CaptureMetadata.STATE_COMPLETE);
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf("sysql: imported %,d events (%,d of them the snapshot) from %s into %s in %.2f s"
                + " (%,.0f events/s)%n", imported, snapshotEvents(summary), file, dir, seconds,
                imported / seconds);
        if (summary.partial()) {
            err.printf("sysql: partial import: %s; the %,d events before the fault are kept in %s, marked partial%n",
                    summary.faultMessage(), imported, dir);
            return EXIT_PARTIAL;
        }
        return 0;
    }

    /**
     * Chronicle Queue's one-time start-up (class initialisation, its first queue's metadata) takes about
     * half a second, which would otherwise pass at the first event with the reader stalled four batches
     * ahead: it is run here, on a throwaway capture, while the reader reads the file's header and lists.
     */
    private static Thread startWriterWarmUp() {
        Thread t = new Thread(() -> {
            try {
                Path work = Files.createTempDirectory("sysql-import-warm-up");
                try {
                    CaptureWriter.create(work.resolve("capture"), false, "warm-up", null).close();
                } finally {
                    DirectoryTree.delete(work);
                }
            } catch (IOException | RuntimeException e) {
                // only the start is slower: the real capture reports its own errors
            }
        }, "sysql-import-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Lets the warm-up delete its capture before the command exits. */
    private static void awaitQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Refuses an occupied DIR before the (possibly long) read rather than after it. */
    private void checkOutput() {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(dir + " exists and is not a directory");
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        boolean empty;
        try (Stream<Path> entries = Files.list(dir)) {
            empty = entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UserError("cannot read " + dir + ": " + e.getMessage());
        }
        if (!empty && !force) {
            throw new UserError(dir + " is not empty; use --force to replace the capture in it");
        }
        if (!empty && !Files.exists(dir.resolve(CaptureMetadata.FILE_NAME))) {
            throw new UserError(dir + " is not empty and is not a sysql capture; refusing to delete it");
        }
    }

    /** Created at the first event, so that a file that is not a capture leaves nothing behind. */
    private CaptureWriter writer() {
        if (writer == null) {
            writer = CaptureWriter.create(dir, force, "scap", null);
        }
        return writer;
    }

    private Map<String, Object> metadata(ScapSummary s, long firstTs) {
        Map<String, Object> m = new HashMap<>();
        m.put(CaptureMetadata.ORIGIN, file.toAbsolutePath().normalize().toString());
        // the recording machine's, not this one's; a .scap file does not record its kernel
        m.put(CaptureMetadata.HOST, s.hostname());
        m.put(CaptureMetadata.KERNEL, s.kernel());
        m.put(CaptureMetadata.START_TS, firstTs == 0 ? null : firstTs);
        m.put(CaptureMetadata.SNAPLEN, snaplen);
        m.put(SCAP_VERSION, s.majorVersion() + "." + s.minorVersion());
        m.put("scap_compressed", s.compressed());
        m.put("scap_bytes", s.bytes());
        m.put("scap_event_blocks", s.eventBlocks());
        m.put("scap_cpus", s.numCpus() == 0 ? null : s.numCpus());
        m.put("scap_memory_bytes", s.memoryBytes() == 0 ? null : s.memoryBytes());
        m.put("scap_boot_ts", s.bootTs() == 0 ? null : s.bootTs());
        if (s.partial()) {
            m.put(FAULT, s.faultMessage());
            m.put(FAULT_OFFSET, s.faultOffset());
        }
        return m;
    }

    private static long snapshotEvents(ScapSummary s) {
        return s.eventsByType().entrySet().stream().filter(e -> EventKinds.of(e.getKey()).isSnapshot())
                .mapToLong(Map.Entry::getValue).sum();
    }
}
