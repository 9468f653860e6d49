package io.sysql.cli;

import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.source.SourceMetadata;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a capture's metadata (host, kernel, source, times, counts) and its events per type.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The capture directory.")
    Path dir;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        try (Capture c = Capture.open(dir)) {
            CaptureMetadata m = c.metadata();
            String state = c.damage() != null ? CaptureMetadata.STATE_DAMAGED + ": " + c.damage()
                    : c.isRecording() ? "recording (the recorder is still writing it)"
                    : c.endedAbruptly() ? CaptureMetadata.STATE_ENDED_ABRUPTLY
                            + " (the recorder died; everything journaled is kept)"
                    : describeState(m);
            out.printf("capture:   %s%n", dir.toAbsolutePath());
            out.printf("state:     %s%n", state);
            for (Map.Entry<String, String> e : m.asMap().entrySet()) {
                String key = e.getKey();
                if (key.equals(CaptureMetadata.STATE) || key.startsWith(CaptureMetadata.FINGERPRINT_PREFIX)
                        || key.startsWith(CaptureMetadata.BLOCK_CHECKSUMS_PREFIX)) {
                    continue;
                }
                String value = e.getValue();
                if (key.endsWith("_ts")) {
                    Long ts = m.timestamp(key);
                    if (ts == null) {
                        continue;
                    }
                    value = ts + " (" + Instant.ofEpochSecond(0, ts) + ")";
                }
                out.printf("%-10s %s%n", key + ":", value);
            }
            out.printf("events in journal: %d%n", c.lastNum());
            out.println("events per type:");
            c.countsByType().forEach((type, n) -> out.printf("  %-20s %,12d%n", type, n));
        }
        return 0;
    }

    /**
     * A partial capture says so first, and where its source stopped or what of it was skipped; other states
     * are shown as stored.
     */
    private static String describeState(CaptureMetadata m) {
        String state = m.get(CaptureMetadata.STATE);
        if (!CaptureMetadata.STATE_PARTIAL.equals(state)) {
            return state;
        }
        String fault = m.get(SourceMetadata.FAULT);
        long skipped = m.counter(SourceCounters.DAMAGED_PROCESS_ENTRIES);
        return "partial (NOT the whole capture: " + (fault != null ? "stopped early: " + fault
                : skipped > 0 ? String.format("%,d damaged entries of its process list were skipped", skipped)
                : "its source stopped early") + ")";
    }
}
