package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysql.capture.scap.ScapFileSource;
import io.sysql.capture.source.SourceMetadata;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** {@code sysql import} as a user runs it: exit status, messages, what is left on disk, what info says. */
class ImportCommandTest {
    /** Event block types of scap_savefile.h (plain, with flags, v2, v2 large). */
    private static final Set<Integer> EVENT_BLOCKS = Set.of(0x204, 0x208, 0x216, 0x217, 0x221, 0x222);

    @TempDir
    Path tmp;

    private static byte[] decompressed(String sample) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ScapSamples.require(sample)))) {
            return in.readAllBytes();
        }
    }

    /** Offset of the n-th event block, walking the blocks by their lengths. */
    private static int eventBlock(byte[] capture, int n) {
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        int seen = 0;
        for (int pos = 0; pos + 8 <= capture.length; pos += b.getInt(pos + 4)) {
            if (EVENT_BLOCKS.contains(b.getInt(pos)) && seen++ == n) {
                return pos;
            }
        }
        throw new IllegalArgumentException("fewer than " + n + " event blocks");
    }

    @Test
    void importsACaptureAndRecordsItsOrigin() {
        Path file = ScapSamples.require("connect_localhost.scap");
        Path dir = tmp.resolve("cap");
        CliRun run = CliRun.of("import", file.toString(), "-o", dir.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("imported 1,415 events").contains("snapshot");
        try (Capture c = Capture.open(dir)) {
            CaptureMetadata m = c.metadata();
            assertThat(m.get(CaptureMetadata.STATE)).isEqualTo(CaptureMetadata.STATE_COMPLETE);
            assertThat(m.get(CaptureMetadata.SOURCE)).isEqualTo("scap");
            assertThat(m.get(CaptureMetadata.ORIGIN)).isEqualTo(file.toAbsolutePath().normalize().toString());
            assertThat(m.get(CaptureMetadata.HOST)).isEqualTo("ubuntu");
            assertThat(m.get(CaptureMetadata.KERNEL)).as("a .scap file does not record its kernel").isNull();
            assertThat(m.get(ScapFileSource.SCAP_VERSION)).isEqualTo("1.0");
            assertThat(m.get(SourceMetadata.FAULT)).isNull();
        }
        CliRun info = CliRun.of("info", dir.toString());
        assertThat(info.out()).contains("state:     complete").contains("origin:").contains("source:    scap");
    }

    @Test
    void truncatedCaptureIsKeptUpToTheFaultAndMarkedPartial() throws IOException {
        byte[] full = decompressed("curl_google.scap");
        int cut = eventBlock(full, 700);
        Path file = tmp.resolve("cut.scap");
        Files.write(file, Arrays.copyOf(full, cut + 10));
        Path dir = tmp.resolve("cap");

        CliRun run = CliRun.of("import", file.toString(), "-o", dir.toString());

        assertThat(run.status()).isEqualTo(ImportCommand.EXIT_PARTIAL);
        assertThat(run.err()).contains("partial import").contains("byte offset " + cut).contains("truncated")
                .contains("block 0x");
        try (Capture c = Capture.open(dir)) {
            assertThat(c.metadata().get(CaptureMetadata.STATE)).isEqualTo(CaptureMetadata.STATE_PARTIAL);
            assertThat(c.metadata().getLong(SourceMetadata.FAULT_OFFSET, -1)).isEqualTo(cut);
            assertThat(c.countsByType().get("execve")).as("events before the cut are kept").isEqualTo(1);
        }
        CliRun info = CliRun.of("info", dir.toString());
        assertThat(info.status()).isZero();
        assertThat(info.out()).contains("state:     partial").contains("NOT the whole capture")
                .contains("byte offset " + cut);
    }

    @Test
    void captureCutInsideItsProcessListHasNoTimes() throws IOException {
        byte[] full = decompressed("open-multiple-files.scap");
        Path file = tmp.resolve("cut.scap");
        Files.write(file, Arrays.copyOf(full, eventBlock(full, 0) - 100)); // inside the last fd list
        Path dir = tmp.resolve("cap");

        CliRun run = CliRun.of("import", file.toString(), "-o", dir.toString());

        assertThat(run.status()).as(run.err()).isEqualTo(ImportCommand.EXIT_PARTIAL);
        assertThat(run.err()).contains("fd list");
        assertHasNoTimes(dir);
    }

    @Test
    void captureOfItsProcessListAloneHasNoTimes() throws IOException {
        byte[] full = decompressed("open-multiple-files.scap");
        Path file = tmp.resolve("lists.scap");
        Files.write(file, Arrays.copyOf(full, eventBlock(full, 0)));
        Path dir = tmp.resolve("cap");

        CliRun run = CliRun.of("import", file.toString(), "-o", dir.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertHasNoTimes(dir);
    }

    @Test
    void captureWithoutSyscallsHasTheTimesOfItsEvents() throws IOException {
        Path dir = tmp.resolve("cap");
        CliRun run = CliRun.of("import", ScapSamples.require("empty.scap").toString(), "-o", dir.toString());
        assertThat(run.status()).as(run.err()).isZero();

        JsonNode events = queryRow(dir, "SELECT MIN(ts) AS first_ts, MAX(ts) AS last_ts FROM events");
        long first = events.get("first_ts").asLong();
        long last = events.get("last_ts").asLong();
        assertThat(first).as("a procinfo event's time, not 1970").isGreaterThan(0);
        JsonNode capture = queryRow(dir, "SELECT * FROM capture");
        assertThat(capture.get("start_ts").asLong()).isEqualTo(first);
        assertThat(capture.get("first_event_ts").asLong()).isEqualTo(first);
        assertThat(capture.get("end_ts").asLong()).isEqualTo(last);
        assertThat(capture.get("last_event_ts").asLong()).isEqualTo(last);
        assertThat(CliRun.of("info", dir.toString()).out()).contains("end_ts:    " + last + " (");
    }

    /** A capture whose events carry no time says it has none: no time in info, NULL in the capture table. */
    private static void assertHasNoTimes(Path dir) throws IOException {
        CliRun info = CliRun.of("info", dir.toString());
        assertThat(info.status()).as(info.err()).isZero();
        assertThat(info.out()).contains("snapshot_events:").doesNotContain("_ts:").doesNotContain("1970");
        JsonNode capture = queryRow(dir, "SELECT * FROM capture");
        assertThat(capture.get("events").asLong()).as("the snapshot is kept").isGreaterThan(0);
        for (String time : List.of("start", "end", "first_event", "last_event")) {
            assertThat(capture.get(time + "_ts").isNull()).as(time + "_ts: " + capture).isTrue();
            assertThat(capture.get(time + "_time").isNull()).as(time + "_time: " + capture).isTrue();
        }
    }

    private static JsonNode queryRow(Path dir, String sql) throws IOException {
        CliRun query = CliRun.of("query", dir.toString(), sql, "--format", "json");
        assertThat(query.status()).as(query.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(query.out());
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void damagedProcessEntryIsSkippedAndTheCaptureMarkedPartial() throws IOException {
        byte[] capture = decompressed("single_ipv6_conn.scap");
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (b.getInt(pos) != 0x215) { // the process list (v9: each entry starts with its length)
            pos += b.getInt(pos + 4);
        }
        // the first entry's name length, after its own length and tid, pid, ptid, session and group ids
        b.putShort(pos + 8 + 4 + 40, (short) 0x7FFF);
        Path file = tmp.resolve("bad-process.scap");
        Files.write(file, capture);

        CliRun run = CliRun.of("import", file.toString(), "-o", tmp.resolve("cap").toString());

        assertThat(run.status()).as(run.err()).isEqualTo(ImportCommand.EXIT_PARTIAL);
        assertThat(run.err()).contains("1 damaged entries of the capture's process list were skipped");
        CliRun info = CliRun.of("info", tmp.resolve("cap").toString());
        assertThat(info.out()).contains("state:     partial (NOT the whole capture: 1 damaged entries of its process list"
                + " were skipped)").contains("count.damaged_process_entries: 1");
        CliRun state = CliRun.of("query", tmp.resolve("cap").toString(), "SELECT state FROM capture");
        assertThat(state.out()).contains("partial");
    }

    @Test
    void blockWithAWrongLengthIsAPartialImportNamingTheBlock() throws IOException {
        byte[] capture = decompressed("single_ipv6_conn.scap");
        int bad = eventBlock(capture, 100);
        ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN).putInt(bad + 4, 40);
        Path file = tmp.resolve("bad.scap");
        Files.write(file, capture);

        CliRun run = CliRun.of("import", file.toString(), "-o", tmp.resolve("cap").toString());

        assertThat(run.status()).isEqualTo(ImportCommand.EXIT_PARTIAL);
        assertThat(run.err()).contains("byte offset " + bad).contains("length");
    }

    @Test
    void fileThatIsNotACaptureLeavesNothingBehind() throws IOException {
        Path file = tmp.resolve("notes.txt");
        Files.writeString(file, "these are not the events you are looking for\n".repeat(10), StandardCharsets.UTF_8);
        Path dir = tmp.resolve("cap");
        List<Path> warmUpsBefore = warmUpDirectories();

        CliRun run = CliRun.of("import", file.toString(), "-o", dir.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("not a scap capture").contains("byte offset 0")
                .doesNotContain("Exception");
        assertThat(dir).doesNotExist();
        assertThat(warmUpDirectories()).as("the writer's warm-up capture is deleted").isEqualTo(warmUpsBefore);
    }

    private static List<Path> warmUpDirectories() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("sysql-import-warm-up")).sorted().toList();
        }
    }

    @Test
    void foreignFileDoesNotDestroyTheCaptureItWouldReplace() throws IOException {
        Path dir = tmp.resolve("cap");
        assertThat(CliRun.of("import", ScapSamples.require("cat_write.scap").toString(), "-o", dir.toString())
                .status()).isZero();
        Path file = tmp.resolve("empty-file");
        Files.write(file, new byte[0]);

        CliRun run = CliRun.of("import", file.toString(), "-o", dir.toString(), "--force");

        assertThat(run.status()).isEqualTo(1);
        try (Capture c = Capture.open(dir)) {
            assertThat(c.countsByType()).containsKey("execve");
        }
    }

    @Test
    void occupiedDirectoryIsRefusedWithoutForce() throws IOException {
        Path dir = tmp.resolve("cap");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mine.txt"), "keep me");

        CliRun run = CliRun.of("import", ScapSamples.require("cat_write.scap").toString(), "-o", dir.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("is not empty");

        run = CliRun.of("import", ScapSamples.require("cat_write.scap").toString(), "-o", dir.toString(), "--force");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("not a sysql capture");
        assertThat(dir.resolve("mine.txt")).hasContent("keep me");
    }

    @Test
    void missingFileIsAOneLineError() {
        CliRun run = CliRun.of("import", tmp.resolve("nope.scap").toString(), "-o", tmp.resolve("cap").toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("no such capture file");
    }

    @Test
    void helpSaysWhatAPartialImportExitsWith() {
        CliRun run = CliRun.of("import", "--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Exit status").contains("3").contains("partial");
    }
}
