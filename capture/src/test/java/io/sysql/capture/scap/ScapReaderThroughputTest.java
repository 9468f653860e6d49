package io.sysql.capture.scap;

import io.sysql.capture.source.ReadProgress;
import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.SourceCounters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a large capture made of a real one's event blocks repeated: nothing is lost or doubled at scale. */
class ScapReaderThroughputTest {
    private static final int REPEATS = 400;

    @TempDir
    Path tmp;

    @Test
    void readsALargeCaptureWhole() throws IOException {
        byte[] capture;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ScapSamples.require("curl_google.scap")))) {
            capture = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        int firstEvent = 0;
        while (!ScapBlockType.isEvent(b.getInt(firstEvent))) {
            firstEvent += b.getInt(firstEvent + 4);
        }
        ByteArrayOutputStream big = new ByteArrayOutputStream(firstEvent + REPEATS * (capture.length - firstEvent));
        big.write(capture, 0, firstEvent);
        for (int i = 0; i < REPEATS; i++) {
            big.write(capture, firstEvent, capture.length - firstEvent);
        }
        Path file = tmp.resolve("big.scap");
        Files.write(file, big.toByteArray());

        long[] delivered = new long[1];
        long start = System.nanoTime();
        ScapSummary s = ScapReader.read(file, e -> delivered[0]++, new SourceCounters(), ReadProgress.NONE);
        // Information only: speed is measured by the benchmark harness (BENCHMARKS.md), not asserted here.
        System.out.printf("scap reader: %d events (%d event blocks, %.1f MB) in %d ms%n", delivered[0],
                s.eventBlocks(), file.toFile().length() / 1e6, (System.nanoTime() - start) / 1_000_000);
        assertThat(s.partial()).isFalse();
        assertThat(s.eventBlocks()).isEqualTo(1536L * REPEATS);
        ScapSummary once = ScapReader.read(ScapSamples.require("curl_google.scap"), e -> { }, new SourceCounters(),
                ReadProgress.NONE);
        long snapshot = once.eventsByType().entrySet().stream().filter(t -> t.getKey().startsWith("snap_"))
                .mapToLong(java.util.Map.Entry::getValue).sum();
        assertThat(delivered[0]).as("every repeated block becomes the same events")
                .isEqualTo(snapshot + (once.events() - snapshot) * REPEATS);
    }
}
