package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code top} on a strace recording of a program whose work is known: it writes 3000 bytes to file a,
 * sleeps 1.5 s, then writes 7000 bytes to file b. The sleep puts the two phases in different seconds.
 */
class TopRecordingTest {
    private static final String PROGRAM = "import os, sys, time\n"
            + "def put(path, n):\n"
            + "    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)\n"
            + "    while n > 0:\n"
            + "        n -= os.write(fd, b'x' * min(n, 1000))\n"
            + "    os.close(fd)\n"
            + "put(sys.argv[1], 3000)\n"
            + "time.sleep(1.5)\n"
            + "put(sys.argv[2], 7000)\n";

    @TempDir
    static Path tmp;
    static Path capture;
    static String fileA;
    static String fileB;

    @BeforeAll
    static void record() {
        capture = tmp.resolve("cap");
        fileA = tmp.resolve("a").toString();
        fileB = tmp.resolve("b").toString();
        Samples.recordPython(capture, PROGRAM, fileA, fileB);
    }

    @Test
    void bytesRanksTheFilesByWhatWasWritten() {
        List<String[]> rows = top("--by", "bytes", "--where", "fd_name IN ('" + fileA + "', '" + fileB + "')");
        assertThat(rows).extracting(r -> r[0] + "=" + r[1]).containsExactly(fileB + "=7000", fileA + "=3000");
    }

    @Test
    void everySecondShowsEachPhaseInItsOwnSeconds() {
        List<String[]> rows = top("--by", "bytes", "--every", "1s", "--limit", "100");
        Map<String, Long> total = new HashMap<>();
        String lastSecondOfA = null;
        String firstSecondOfB = null;
        for (String[] r : rows) {
            total.merge(r[1], Long.parseLong(r[2]), Long::sum);
            if (r[1].equals(fileA)) {
                lastSecondOfA = r[0];
            } else if (r[1].equals(fileB) && firstSecondOfB == null) {
                firstSecondOfB = r[0];
            }
        }
        assertThat(total).containsEntry(fileA, 3000L).containsEntry(fileB, 7000L);
        assertThat(lastSecondOfA).as("a's writes end a second before b's begin").isLessThan(firstSecondOfB);
    }

    @Test
    void aWindowEndingBeforeTheSleepSeesOnlyTheFirstPhase() {
        String endOfA = "type = 'close' AND fd_name = '" + fileA + "'";
        List<String[]> rows = top("--by", "bytes", "--at", endOfA, "--window", "1s", "--limit", "1000");
        assertThat(rows).extracting(r -> r[0]).contains(fileA).doesNotContain(fileB);
        assertThat(top("--by", "bytes", "--from", endOfA, "--limit", "1000")).extracting(r -> r[0]).contains(fileB).doesNotContain(fileA);
    }

    /** The view's table function over a window of events and the same window in time see only the first phase. */
    @Test
    void topFilesOfAWindowEndingBeforeTheSleepSeesOnlyTheFirstPhase() throws java.sql.SQLException {
        String closeOfA = "SELECT num, ts FROM events WHERE type = 'close' AND fd_name = ?";
        List<String> close = Samples.rows(capture, closeOfA, fileA).get(0);
        String files = "SELECT file, bytes FROM TABLE(top_files(%s, %s)) WHERE file IN (?, ?)";
        assertThat(Samples.rows(capture, files.formatted(1, Long.parseLong(close.get(0)) + 1), fileA, fileB))
                .containsExactly(List.of(fileA, "3000"));
        // half a second after a's close, inside the sleep, on the connection's clock (the JVM's)
        java.time.LocalDateTime end = java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochSecond(0,
                Long.parseLong(close.get(1)) + 500_000_000L), java.time.ZoneId.systemDefault());
        List<List<String>> inTime = Samples.rows(capture, files.formatted("TIMESTAMP '2000-01-01 00:00:00'",
                "TIMESTAMP '" + end.toString().replace('T', ' ') + "'"), fileA, fileB);
        assertThat(inTime).containsExactly(List.of(fileA, "3000"));
    }

    private static List<String[]> top(String... options) {
        List<String> args = new ArrayList<>(List.of("top", capture.toString(), "--format", "csv"));
        args.addAll(List.of(options));
        Cli run = Cli.run(args.toArray(String[]::new));
        assertThat(run.status).as(run.err).isZero();
        return run.out.lines().skip(1).map(line -> line.split(",", -1)).toList();
    }
}
