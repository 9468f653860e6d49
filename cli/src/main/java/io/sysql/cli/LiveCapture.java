package io.sysql.cli;

import io.sysql.capture.event.Event;
import io.sysql.capture.source.EventSources;
import io.sysql.capture.source.SourceException;
import io.sysql.storage.Recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A system-wide capture recorded in the background into a temporary directory, for {@code --live}
 * queries: the tables without AS OF show the machine as it is now (the latest event), AS OF reaches back
 * to when the capture began. The directory is removed when the capture is closed or the JVM exits.
 */
final class LiveCapture implements AutoCloseable {
    /** The recorder reads the ring at least this often; a query waits this long to see what just happened. */
    private static final long CATCH_UP_MILLIS = 30;

    private final Path tempDir;
    private final Recording recording;
    private final Thread cleanup;

    private LiveCapture(Path tempDir, Recording recording) {
        this.tempDir = tempDir;
        this.recording = recording;
        this.cleanup = new Thread(this::finishAndDelete, "sysql-live-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    static LiveCapture start() {
        EventSources.systemUnsupportedReason().ifPresent(reason -> {
            throw new UserError("cannot record system-wide: " + reason + ". " + RecordCommand.STRACE_WAY_OUT);
        });
        Path tmp;
        try {
            tmp = Files.createTempDirectory("sysql-live-");
        } catch (IOException e) {
            throw new UserError("cannot create a temporary capture directory: " + e.getMessage());
        }
        try {
            Recording recording = new Recording(tmp.resolve("capture"), false,
                    EventSources.system(Event.DEFAULT_SNAPLEN, "--system (live)"));
            RecordCommand.startSystem(recording);
            return new LiveCapture(tmp, recording);
        } catch (RuntimeException e) {
            delete(tmp);
            throw e;
        }
    }

    Path directory() {
        return tempDir.resolve("capture");
    }

    /** Lets events of calls that just returned reach the journal before a query reads it. */
    void catchUp() {
        try {
            Thread.sleep(CATCH_UP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        finishAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran: it did the same
        }
    }

    private synchronized void finishAndDelete() {
        if (Files.exists(tempDir)) {
            try {
                Recording.Summary s = recording.stopAndFinish();
                if (s.failure() != null) {
                    System.err.println("sysql: " + s.failure().getMessage());
                }
            } catch (SourceException e) {
                System.err.println("sysql: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                delete(tempDir);
            }
        }
    }

    private static void delete(Path dir) {
        try {
            DirectoryTree.delete(dir);
        } catch (IOException e) {
            System.err.println("sysql: could not remove the live capture " + dir + ": " + e.getMessage());
        }
    }
}
