package io.sysql.cli;

import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.proc.ProcSnapshot;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The launcher's training run for its class-data-sharing archive (run once per build under
 * {@code -XX:ArchiveClassesAtExit}): whatever classes this loads, every later command maps from the archive
 * instead of loading and verifying them again. So it goes through what commands share: picocli, a capture
 * written (the /proc snapshot, as {@code record} starts) and read back through Chronicle Queue, SQL planned
 * and run by Calcite, and {@code import} up to reading a file that is not a scap capture.
 */
final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        Main.run("--help"); // first, as in a real run: Main sets Chronicle up before its first use
        Path work = Files.createTempDirectory("sysql-training");
        try {
            Path capture = work.resolve("capture");
            CaptureWriter writer = CaptureWriter.create(capture, false, "training", "sysql startup training");
            SourceCounters counters = new SourceCounters();
            ProcSnapshot.ofThisMachine().emitAll(writer, counters);
            writer.finish(counters, Map.of(), CaptureMetadata.STATE_COMPLETE);

            String dir = capture.toString();
            Main.run("info", dir);
            Main.run("query", dir, "SELECT COUNT(*) FROM events");
            Main.run("query", dir, "SELECT p.name, COUNT(*) FROM fds AS OF (SELECT MAX(num) FROM events) f"
                    + " JOIN processes p ON f.upid = p.upid GROUP BY p.name ORDER BY 2 DESC LIMIT 3");
            Main.run("ps", dir);
            Main.run("lsof", dir);
            Main.run("netstat", dir);
            Path notScap = Files.writeString(work.resolve("not.scap"), "not a scap capture");
            Main.run("import", notScap.toString(), "-o", work.resolve("imported").toString());
        } finally {
            DirectoryTree.delete(work);
        }
        System.exit(0);
    }
}
