package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code top --by cpu} and {@code top_processes_cpu} on a strace recording of burner.c, which spins until the
 * kernel has counted {@link #BURN_MS} of CPU time for it, then sleeps and exits. The machine is shared: the
 * bounds are what cannot fail on a correct recording however slow it runs (at least half the burn, as the
 * recorder's 100 ms reads may miss the last ones; at most the recording's wall time). strace, the recorder's
 * tracer, is in the capture too, with CPU time that depends on the machine's load: the rankings leave it out.
 */
class TopCpuRecordingTest {
    private static final long BURN_MS = 600;
    private static final long MS = 1_000_000L;
    private static final String NOT_STRACE = "proc_name <> 'strace'";

    @TempDir
    static Path tmp;
    static Path capture;
    static long wallNs;
    static String pid;

    @BeforeAll
    static void record() throws SQLException {
        Samples.assumeStrace();
        capture = tmp.resolve("cap");
        long start = System.nanoTime();
        Cli run = Cli.run("record", "-o", capture.toString(), "--", Samples.program("burner").toString(),
                Long.toString(BURN_MS), "300");
        wallNs = System.nanoTime() - start;
        assertThat(run.status).as(run.err).isZero();
        pid = Samples.rows(capture, "SELECT MIN(pid) FROM events WHERE proc_name = 'burner'").get(0).get(0);
    }

    @Test
    void theBurnerHeadsTopByCpuWithTheTimeItBurned() {
        List<String[]> rows = Cli.top(capture, "--by", "cpu", "--where", NOT_STRACE);
        assertThat(rows.get(0)[0] + " " + rows.get(0)[1]).isEqualTo("burner " + pid);
        assertThat(Long.parseLong(rows.get(0)[2])).isBetween(BURN_MS * MS / 2, wallNs);
    }

    @Test
    void everyIntervalsAddUpToTheWholeCapture() throws SQLException {
        long whole = Long.parseLong(Samples.rows(capture,
                "SELECT cpu_ns FROM top_processes_cpu WHERE pid = " + pid).get(0).get(0));
        long summed = Cli.top(capture, "--by", "cpu", "--every", "200ms", "--limit", "100").stream()
                .filter(r -> r[2].equals(pid)).mapToLong(r -> Long.parseLong(r[3])).sum();
        assertThat(summed).isEqualTo(whole);
        assertThat(whole).as("what it used in all of the capture is its CPU time at the end")
                .isEqualTo(Long.parseLong(Samples.rows(capture,
                        "SELECT cpu_ns FROM processes AS OF (SELECT MIN(num) FROM events"
                                + " WHERE ends_process AND pid = " + pid + ") WHERE pid = " + pid).get(0).get(0)));
    }

    @Test
    void aWindowHoldsWhatWasBurnedInIt() throws SQLException {
        String execve = Samples.rows(capture, "SELECT MIN(num) FROM events WHERE pid = " + pid
                + " AND type = 'execve'").get(0).get(0);
        String cpu = "SELECT proc_name, pid, cpu_ns FROM TABLE(top_processes_cpu(%s)) WHERE " + NOT_STRACE
                + " ORDER BY cpu_ns DESC";
        List<List<String>> burn = Samples.rows(capture, cpu.formatted(execve + ", 1000000000"));
        assertThat(burn.get(0).subList(0, 2)).containsExactly("burner", pid);
        assertThat(Long.parseLong(burn.get(0).get(2))).isBetween(BURN_MS * MS / 2, wallNs);
        List<List<String>> before = Samples.rows(capture, cpu.formatted("1, " + execve));
        assertThat(before).filteredOn(r -> r.get(1).equals(pid)).allSatisfy(r ->
                assertThat(Long.parseLong(r.get(2))).as("before its burn").isLessThan(BURN_MS * MS / 10));
    }
}
