package io.sysql.capture.scap;

import io.sysql.capture.source.ReadProgress;
import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Captures larger than one mapping are read in segments; reading the samples with tiny segments (a block, or a
 * few of them, per segment: every enter and exit apart) must give what one mapping gives.
 */
class ScapReaderSegmentsTest {
    /** One block per segment: each segment is mapped at the size of the block that starts it. */
    private static final int ONE_BLOCK = 1;
    private static final int FEW_BLOCKS = 4096;

    @TempDir
    Path tmp;

    private static final class Run {
        final List<Event> events = new ArrayList<>();
        final SourceCounters counters = new SourceCounters();
        ScapSummary summary;
    }

    private static Run read(Path file, int segmentSize) throws IOException {
        Run r = new Run();
        r.summary = ScapReader.read(file, e -> r.events.add(e.copy()), r.counters, ReadProgress.NONE,
                Event.DEFAULT_SNAPLEN, segmentSize);
        return r;
    }

    private static void assertSameRead(Run actual, Run expected) {
        assertThat(actual.events).hasSameSizeAs(expected.events);
        for (int i = 0; i < expected.events.size(); i++) {
            assertThat(actual.events.get(i)).as("event %d", i).isEqualTo(expected.events.get(i));
        }
        assertThat(actual.summary).isEqualTo(expected.summary);
        assertThat(actual.counters.get(SourceCounters.PARSE_ERRORS))
                .isEqualTo(expected.counters.get(SourceCounters.PARSE_ERRORS));
    }

    private static byte[] decompressed(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "connect_localhost.scap", "curl_google.scap", "empty.scap",
        "open-multiple-files.scap", "single_ipv6_conn.scap", "syscall.scap"})
    void tinySegmentsReadEverySampleAsOneMappingDoes(String sample) throws IOException {
        Path file = ScapSamples.require(sample);
        Run whole = read(file, ScapInput.SEGMENT_SIZE);
        assertThat(whole.summary.partial()).isFalse();
        assertThat(whole.summary.eventBlocks()).isPositive();

        assertSameRead(read(file, ONE_BLOCK), whole);
        assertSameRead(read(file, FEW_BLOCKS), whole);
    }

    @Test
    void gzipOfAPlainCaptureReadsAsThePlainOne() throws IOException {
        Path plain = tmp.resolve("plain.scap");
        Files.write(plain, decompressed(ScapSamples.require("single_ipv6_conn.scap")));
        Path gz = tmp.resolve("plain.scap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }

        Run fromPlain = read(plain, FEW_BLOCKS);
        Run fromGzip = read(gz, FEW_BLOCKS);

        assertThat(fromPlain.summary.compressed()).isFalse();
        assertThat(fromGzip.summary.compressed()).isTrue();
        assertThat(fromGzip.events).isEqualTo(fromPlain.events);
        assertThat(fromGzip.summary.bytes()).isEqualTo(Files.size(plain));
        assertThat(fromGzip.summary.eventsByType()).isEqualTo(fromPlain.summary.eventsByType());
    }

    @Test
    void gzipDecompressionReportsProgressUpToTheWholeCompressedFile() throws IOException {
        Path gz = ScapSamples.require("curl_google.scap");
        List<long[]> reports = new ArrayList<>();
        ReadProgress progress = new ReadProgress() {
            @Override
            public void update(long position, long total, long events) {
            }

            @Override
            public void decompressing(long compressedRead, long compressedTotal) {
                reports.add(new long[] {compressedRead, compressedTotal});
            }
        };
        ScapReader.read(gz, e -> { }, new SourceCounters(), progress, Event.DEFAULT_SNAPLEN,
                ScapInput.SEGMENT_SIZE);

        assertThat(reports).isNotEmpty();
        assertThat(reports.get(reports.size() - 1)).containsExactly(Files.size(gz), Files.size(gz));
    }

    @Test
    void gzipReadLeavesNoTemporaryFileBehind() throws IOException {
        Path tmpdir = Paths.get(System.getProperty("java.io.tmpdir"));
        Set<Path> before = decompressedCopies(tmpdir);

        Run r = read(ScapSamples.require("curl_google.scap"), FEW_BLOCKS);

        assertThat(r.summary.compressed()).isTrue();
        assertThat(decompressedCopies(tmpdir)).isSubsetOf(before);
    }

    private static Set<Path> decompressedCopies(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("sysql-scap-"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void captureCutInsideABlockIsPartialAtThatBlockWhateverTheSegments() throws IOException {
        byte[] full = decompressed(ScapSamples.require("curl_google.scap"));
        ByteBuffer b = ByteBuffer.wrap(full).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new ArrayList<>();
        for (int pos = 0; pos + 8 <= full.length; pos += b.getInt(pos + 4)) {
            offsets.add(pos);
        }
        int cutBlock = offsets.get(offsets.size() / 2);
        Path cut = tmp.resolve("cut.scap");
        Files.write(cut, Arrays.copyOf(full, cutBlock + 10));

        Run whole = read(cut, ScapInput.SEGMENT_SIZE);
        for (int segmentSize : new int[] {ONE_BLOCK, FEW_BLOCKS}) {
            Run r = read(cut, segmentSize);
            assertThat(r.summary.partial()).isTrue();
            assertThat(r.summary.faultOffset()).isEqualTo(cutBlock);
            assertThat(r.summary.faultMessage()).contains("truncated").contains("offset " + cutBlock);
            assertSameRead(r, whole);
        }
    }

    @Test
    void cutGzipStreamIsPartialAsWithOneMapping() throws IOException {
        byte[] gz = Files.readAllBytes(ScapSamples.require("open-multiple-files.scap"));
        Path cut = tmp.resolve("cut.scap.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length * 2 / 3));

        Run whole = read(cut, ScapInput.SEGMENT_SIZE);
        Run small = read(cut, FEW_BLOCKS);

        assertThat(small.summary.partial()).isTrue();
        assertThat(small.summary.faultMessage()).contains("compressed stream ends early")
                .contains("offset " + small.summary.faultOffset());
        assertSameRead(small, whole);
    }
}
