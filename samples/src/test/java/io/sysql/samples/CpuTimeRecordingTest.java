package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.ebpf.EbpfRecorder;
import io.sysql.cli.Main;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads' and processes' CPU time on recordings of burner.c, which spins until the kernel has counted
 * {@link #BURN_MS} of CPU time for it, then sleeps {@link #SLEEP_MS} (long enough for the strace recorder's
 * 100 ms reads to see the whole burn) and exits. The machine is shared: the bounds are what cannot fail on a
 * correct recording however slow it runs (at least half the burn; at most the recording's wall time).
 */
class CpuTimeRecordingTest {
    private static final long BURN_MS = 600;
    private static final long SLEEP_MS = 300;
    private static final long MS = 1_000_000L;
    /** The burner's process and its one thread AS OF its exit: cpu_ns, cpu_user_ns, cpu_system_ns of each. */
    private static final String AT_EXIT = "SELECT p.cpu_ns, p.cpu_user_ns, p.cpu_system_ns, t.cpu_ns, t.cpu_user_ns,"
            + " t.cpu_system_ns FROM processes AS OF (SELECT MIN(num) FROM events WHERE proc_name = 'burner' AND ends_process) p"
            + " JOIN threads AS OF (SELECT MIN(num) FROM events WHERE proc_name = 'burner' AND ends_process) t"
            + " ON t.upid = p.upid WHERE p.name = 'burner'";

    @TempDir
    Path tmp;

    @Test
    void straceRecordingShowsTheCpuTimeTheBurnerUsed() throws SQLException {
        Samples.assumeStrace();
        Burned burned = record();
        assertThat(burned.processNs).isBetween(BURN_MS * MS / 2, burned.wallNs);
    }

    @Test
    void systemRecordingShowsTheExactCpuTimeAtTheBurnersExit() throws SQLException {
        String unsupported = EbpfRecorder.unsupportedReason().orElse(null);
        assumeTrue(unsupported == null, unsupported);
        Burned burned = record("--system");
        // the probe reads the task's own run time at its death: all of the burn, which ended before the sleep
        assertThat(burned.processNs).isBetween(BURN_MS * MS, burned.wallNs);
    }

    /** What the capture says the burner used, and how long its recording took on the test's clock. */
    private record Burned(long processNs, long wallNs) {
    }

    private Burned record(String... how) throws SQLException {
        Path dir = tmp.resolve("cap");
        List<String> args = new ArrayList<>(List.of("record", "-o", dir.toString()));
        args.addAll(List.of(how));
        args.addAll(List.of("--", Samples.program("burner").toString(), Long.toString(BURN_MS), Long.toString(SLEEP_MS)));
        long start = System.nanoTime();
        assertThat(Main.run(args.toArray(String[]::new))).isZero();
        long wall = System.nanoTime() - start;
        List<List<String>> rows = Samples.rows(dir, AT_EXIT);
        assertThat(rows).hasSize(1);
        long[] v = rows.get(0).stream().mapToLong(Long::parseLong).toArray();
        assertThat(v[0]).as("cpu_ns is user + system").isEqualTo(v[1] + v[2]);
        assertThat(new long[] {v[3], v[4], v[5]}).as("a one-thread process's time is its thread's")
                .containsExactly(v[0], v[1], v[2]);
        assertThat(v[1]).as("a spin in user mode is mostly user time").isGreaterThan(v[2]);
        assertThat(wall).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(SLEEP_MS));
        return new Burned(v[0], wall);
    }
}
