package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.source.SourceMetadata;
import io.sysql.storage.CaptureMetadata;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recording and importing onto a file system that fills up (a small tmpfs, mounted as root): the capture
 * stops with one line, keeps every event written so far, and is read in place as a partial capture; with
 * no room to start, nothing is left behind. Each run is its own process: a fault of Chronicle's mapping
 * would crash it (SIGBUS), not this JVM.
 */
class DiskFullTest {
    private static final Pattern STOPPED = Pattern.compile(
            "the file system of \\S+ is full \\(\\d+ KB free, \\d+ KB kept in reserve\\): stopped after event (\\d+),"
                    + " kept as a partial capture");
    private static final String EVENTS_IN_ORDER = "SELECT num, type, pid, tid, res FROM events WHERE num <= ? ORDER BY num";
    private static final Path SCAP = Path.of("scap", "curl_google.scap");

    @TempDir
    Path tmp;
    private Path disk;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        disk = tmp.resolve("disk");
        Files.createDirectory(disk);
        assertThat(run(List.of("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString())).status).isZero();
    }

    /** Lazily: this JVM's queries may still map the capture's journal until they are collected. */
    @AfterEach
    void unmount() throws Exception {
        assertThat(run(List.of("umount", "--lazy", disk.toString())).status).isZero();
    }

    @Test
    void aRecordingStopsWhenItsFileSystemIsFullAndReadsInPlace() throws Exception {
        Samples.assumeStrace();
        Path dir = disk.resolve("cap");
        // Reads and writes of 64 bytes, their data kept: about 200 bytes of capture per call, for minutes.
        Result r = run(sysql("record", "-o", dir.toString(), "--",
                "dd", "if=/dev/zero", "of=/dev/null", "bs=64", "count=10000000"));
        long kept = stoppedAfter(r);
        assertThat(kept).isGreaterThan(1000);
        assertPartialAndWhole(dir, kept);
    }

    @Test
    void anImportStopsWhenItsFileSystemIsFullAndKeepsTheFirstEvents() throws Exception {
        Path whole = tmp.resolve("whole");
        assertThat(Cli.run("import", SCAP.toString(), "-o", whole.toString()).status).isZero();
        fillLeaving(FREE_RESERVE_KB + 40);
        Path dir = disk.resolve("cap");

        Result r = run(sysql("import", SCAP.toString(), "-o", dir.toString()));

        assertThat(r.status).as(r.toString()).isEqualTo(3);
        long kept = stoppedAfter(r);
        assertPartialAndWhole(dir, kept);
        assertThat(Samples.rows(dir, EVENTS_IN_ORDER, kept)).isEqualTo(Samples.rows(whole, EVENTS_IN_ORDER, kept));
    }

    @Test
    void anImportWithNoRoomToStartLeavesNothing() throws Exception {
        fillLeaving(FREE_RESERVE_KB - 100);
        Path dir = disk.resolve("cap");

        Result r = run(sysql("import", SCAP.toString(), "-o", dir.toString()));

        assertThat(r.status).as(r.toString()).isEqualTo(1);
        assertThat(r.output.strip()).as(r.toString()).matches(
                "sysql: cannot create capture in \\S+: the file system of \\S+ is full \\(\\d+ KB free, \\d+ KB kept in reserve\\)");
        assertThat(dir).doesNotExist();
    }

    /** The reserve the writer keeps free (FreeSpace.RESERVE), in KB. */
    private static final long FREE_RESERVE_KB = 2048;

    /** The events before the stop, and the capture's end, are all there; the capture says it is partial. */
    private static void assertPartialAndWhole(Path dir, long kept) throws Exception {
        Cli info = Cli.run("info", dir.toString());
        assertThat(info.status).as(info.toString()).isZero();
        assertThat(info.out).contains("state:     partial (NOT the whole capture: stopped early: the file system of");
        assertThat(Samples.rows(dir, "SELECT COUNT(*), MIN(num), MAX(num), MAX(num) FILTER (WHERE type = 'capture_end')"
                + " FROM events")).containsExactly(List.of("" + (kept + 1), "1", "" + (kept + 1), "" + (kept + 1)));
        assertThat(Samples.rows(dir, "SELECT state FROM capture")).containsExactly(List.of(CaptureMetadata.STATE_PARTIAL));
        assertThat(info.out).contains(SourceMetadata.FAULT + ": the file system of");
    }

    /** The number of events kept, from the one line the stop printed; nothing like a stack trace. */
    private static long stoppedAfter(Result r) {
        assertThat(r.output).as(r.toString()).doesNotContain("Exception", "\tat ", "Error");
        Matcher m = STOPPED.matcher(r.output);
        assertThat(m.find()).as(r.toString()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Takes the space of the small file system but {@code kb} KB. */
    private void fillLeaving(long kb) throws IOException {
        long free = Files.getFileStore(disk).getUsableSpace();
        try (RandomAccessFile f = new RandomAccessFile(disk.resolve("filler").toFile(), "rw")) {
            byte[] block = new byte[4096];
            for (long left = free - kb * 1024; left > 0; left -= block.length) {
                f.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    private static List<String> sysql(String... args) throws IOException {
        return SysqlProcess.builder(args).command();
    }

    private record Result(int status, String output) {
        @Override
        public String toString() {
            return "status " + status + "\n" + output;
        }
    }

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
