package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysql.capture.ebpf.EbpfRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code sysql top --every 1s} on a system-wide (eBPF) recording of a CPU hog and, after a pause, an I/O hog
 * (hog.c): each is on top in its own seconds, and not outside them. Its seconds come from the recording's own
 * events (the hog's exec and exit, the first and last write of the file), not from the test's clock.
 *
 * <p>The machine is shared and busy: the recorder and what it runs get the highest CPU priority (nice -20,
 * and -20 for their own autogroup, which is what the scheduler weighs against other sessions where autogroups
 * are on), so the hogs run at full speed and the recorder's once-a-second CPU samples come on time. CPU time
 * reaches the ranking as it is read: exactly at each of the CPU hog's threads' exits (every 100 ms of CPU), and
 * for any other thread at its once-a-second sample, which counts what it used since its previous one, up to a
 * second before. So a second counts as the CPU hog's own when the hog ran all through it and all through the
 * second before; the seconds the hogs only partly cover are neither theirs nor outside them.
 */
class TopHogsSystemRecordingTest {
    private static final long SECOND = 1_000_000_000L;
    private static final double CPU_SECONDS = 4;
    private static final double IO_SECONDS = 2.5;

    @TempDir
    static Path tmp;
    static Path capture;
    static String ioFile;

    @BeforeAll
    static void record() throws IOException, InterruptedException {
        Optional<String> unsupported = EbpfRecorder.unsupportedReason();
        assumeTrue(unsupported.isEmpty(), () -> "system-wide recording unsupported here: " + unsupported.orElse(""));
        capture = tmp.resolve("cap");
        ioFile = tmp.resolve("io-hog-file").toString();
        String hog = Samples.program("hog").toString();
        String script = hog + " cpu " + CPU_SECONDS + "; sleep 1; " + hog + " io " + ioFile + " " + IO_SECONDS;
        ProcessBuilder recorder = SysqlProcess.builder("record", "--system", "-o", capture.toString(), "--",
                "sh", "-c", script);
        recorder.command().addAll(0, List.of("setsid", "--wait", "sh", "-c",
                "{ echo -20 > /proc/self/autogroup; } 2>/dev/null; exec nice -n -20 \"$@\"", "sh"));
        Path log = tmp.resolve("record.log");
        Process p = recorder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the recording ends with its command").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    }

    @Test
    void theCpuHogIsOnTopByCpuOnlyInItsOwnSeconds() throws SQLException {
        List<String> hog = Samples.rows(capture, "SELECT e.pid, e.ts, x.ts FROM events e JOIN events x"
                + " ON x.pid = e.pid AND x.ends_process WHERE e.type = 'execve' AND e.proc_name = 'hog'"
                + " AND e.args LIKE '% cpu %'").get(0);
        long start = Long.parseLong(hog.get(1));
        long end = Long.parseLong(hog.get(2));
        Map<Long, String> top = topEverySecond("cpu", r -> r.get("proc_name").asText() + " " + r.get("pid").asText());
        assertOnTopOnlyInItsSeconds(top, "hog " + hog.get(0), start, end, SECOND);
    }

    @Test
    void theIoHogsFileIsOnTopByBytesOnlyInItsOwnSeconds() throws SQLException {
        List<String> writes = Samples.rows(capture, "SELECT MIN(ts), MAX(ts) FROM events WHERE fd_name = ? AND res > 0"
                + " AND type = 'pwrite64'", ioFile).get(0);
        Map<Long, String> top = topEverySecond("bytes", r -> r.get("file").asText());
        assertOnTopOnlyInItsSeconds(top, ioFile, Long.parseLong(writes.get(0)), Long.parseLong(writes.get(1)), 0);
    }

    /**
     * A second holds what readings in it tell, which reach back a sample interval (a second, a little more when a
     * pass is slow) before it: no process shows more than every CPU for three seconds. (A thread already running
     * when the recording began counts from its first reading, not from 0 as if it had started then.)
     */
    @Test
    void noSecondShowsMoreCpuThanTheMachineHas() {
        long machine = 3 * SECOND * Runtime.getRuntime().availableProcessors();
        assertThat(topEverySecond("cpu")).allSatisfy(r -> assertThat(r.get("cpu_ns").asLong()).as(r.toString())
                .isLessThanOrEqualTo(machine));
    }

    /**
     * The hog is read between {@code from} and {@code to} (ns): the seconds wholly inside, and at least
     * {@code lookBack} after {@code from}, are its own; those wholly before or after are outside (as ranked: a
     * second where nothing was read is not there).
     */
    private static void assertOnTopOnlyInItsSeconds(Map<Long, String> top, String hog, long from, long to,
            long lookBack) {
        List<Long> own = new ArrayList<>();
        long firstOwn = Math.floorDiv(from + lookBack + SECOND - 1, SECOND) * SECOND;
        for (long second = firstOwn; second + SECOND <= to; second += SECOND) {
            own.add(second);
        }
        assertThat(own).as("the hog runs long enough to have seconds of its own").isNotEmpty();
        for (long second : own) {
            assertThat(top.get(second)).as("on top in its second %d", second / SECOND).isEqualTo(hog);
        }
        top.forEach((second, first) -> {
            if (second + SECOND <= from || second > to) {
                assertThat(first).as("on top in second %d, outside the hog's", second / SECOND).isNotEqualTo(hog);
            }
        });
    }

    /** Each second's first row by the second's start (ns), as {@code key} tells it. */
    private static Map<Long, String> topEverySecond(String by, Function<JsonNode, String> key) {
        Map<Long, String> top = new LinkedHashMap<>();
        for (JsonNode row : topEverySecond(by)) {
            LocalDateTime second = LocalDateTime.parse(row.get("time").asText().replace(' ', 'T'));
            top.put(second.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() * 1_000_000L, key.apply(row));
        }
        return top;
    }

    /** {@code top --by BY --every 1s --limit 1 --format json}: each second's first row. */
    private static JsonNode topEverySecond(String by) {
        Cli run = Cli.run("top", capture.toString(), "--by", by, "--every", "1s", "--limit", "1", "--format", "json");
        assertThat(run.status).as(run.err).isZero();
        try {
            return new ObjectMapper().readTree(run.out);
        } catch (IOException notJson) {
            throw new AssertionError("top printed no JSON: " + run.out, notJson);
        }
    }
}
