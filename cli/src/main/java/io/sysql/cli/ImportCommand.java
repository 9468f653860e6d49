package io.sysql.cli;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.source.EventSources;
import io.sysql.capture.source.SourceException;
import io.sysql.capture.source.SourceMetadata;
import io.sysql.storage.CaptureWriter;
import io.sysql.storage.Recording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

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
                "3:partial import: the capture is damaged; what came before the fault was kept (or damaged"
                        + " entries of its process list were skipped)"})
final class ImportCommand implements Callable<Integer> {
    static final int EXIT_PARTIAL = 3;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .scap file.")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "The capture directory to create.")
    Path dir;

    @Option(names = "--force", description = "Replace the sysql capture already in DIR.")
    boolean force;

    @Option(names = "--snaplen", paramLabel = "BYTES", defaultValue = "" + Event.DEFAULT_SNAPLEN,
            description = "Data bytes kept per read/write-family event (default: ${DEFAULT-VALUE}).")
    int snaplen;

    @Override
    public Integer call() throws InterruptedException {
        if (!Files.isRegularFile(file)) {
            throw new UserError("no such capture file: " + file);
        }
        Thread warmUp = startWriterWarmUp();
        try {
            return importFile();
        } finally {
            awaitQuietly(warmUp);
        }
    }

    private int importFile() throws InterruptedException {
        PrintStream err = System.err;
        ProgressLine progress = new ProgressLine(err, ProgressLine.stderrIsTerminal());
        Recording recording = new Recording(dir, force, EventSources.scapFile(file, snaplen, progress));
        Recording.Summary s;
        try {
            recording.start();
            s = recording.finish(Map.of());
        } catch (SourceException e) {
            throw new UserError(e.getMessage());
        } finally {
            progress.clear();
        }
        if (s.failure() != null && s.metadata().get(SourceMetadata.FAULT) == null) {
            throw new UserError(s.failure().getMessage());
        }
        err.printf("sysql: imported %,d events (%,d of them the snapshot) from %s into %s in %.2f s"
                + " (%,.0f events/s)%n", s.events(), s.snapshotEvents(), file, dir, s.seconds(),
                s.events() / s.seconds());
        Object fault = s.metadata().get(SourceMetadata.FAULT);
        long damaged = s.count(SourceCounters.DAMAGED_PROCESS_ENTRIES);
        if (fault != null || !s.complete() && damaged == 0) {
            err.printf("sysql: partial import: %s; the %,d events before the fault are kept in %s, marked partial%n",
                    fault == null ? "the source stopped early" : fault, s.events(), dir);
        } else if (damaged > 0) {
            err.printf("sysql: partial import: %,d damaged entries of the capture's process list were skipped;"
                    + " those processes are missing from the snapshot of %s, marked partial%n", damaged, dir);
        }
        return s.complete() ? 0 : EXIT_PARTIAL;
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

}
