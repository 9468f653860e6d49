package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Threads' CPU time in an imported capture is what its {@code procinfo} events say, as sysdig reads them:
 * for every thread, the successive (user, system) times in {@code threads_history} are the successive
 * values sysdig prints for that thread's procinfo events (in USER_HZ ticks, 10 ms each), a repeated value
 * once. sysdig shows procinfo, an internal event, only with {@code -D}; without {@code *} in its format it
 * leaves out the events of threads it does not know (no {@code proc.name}), which sysql ignores too.
 */
class ScapCpuTimeTest {
    private static final long NS_PER_TICK = 10_000_000L;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"psp_run_as_user_0_container.scap", "syscall.scap", "open-multiple-files.scap",
            "single_ipv6_conn.scap"})
    void threadsCpuTimeIsWhatSysdigReadsInTheProcinfoEvents(String sample) {
        Path file = ScapSamples.require(sample);
        Path dir = tmp.resolve("cap");
        CliRun imported = CliRun.of("import", file.toString(), "-o", dir.toString());
        assertThat(imported.status()).as(imported.err()).isZero();
        CliRun query = CliRun.of("query", dir.toString(), "--format", "csv", "SELECT tid, cpu_user_ns, cpu_system_ns"
                + " FROM threads_history WHERE cpu_ns IS NOT NULL ORDER BY tid, valid_from_num");
        assertThat(query.status()).as(query.err()).isZero();
        Map<Integer, List<String>> ours = new TreeMap<>();
        for (String line : query.out().lines().skip(1).toList()) {
            String[] f = line.split(",");
            append(ours, Integer.parseInt(f[0]), ticks(f[1]) + " " + ticks(f[2]));
        }

        Map<Integer, List<String>> sysdigs = new TreeMap<>();
        for (String line : Sysdig.run("-D", "-r", file.toString(), "-p",
                "%thread.tid %proc.name %evt.arg.cpu_usr %evt.arg.cpu_sys", "evt.type=procinfo")) {
            String[] f = line.split(" ");
            if (f.length == 4 && f[0].matches("\\d+")) { // -D also prints sysdig's own debug lines
                append(sysdigs, Integer.parseInt(f[0]), f[2] + " " + f[3]);
            }
        }

        assertThat(sysdigs).isNotEmpty();
        assertThat(ours).isEqualTo(sysdigs);
    }

    /** Appends a value to a thread's sequence unless it repeats the last one (sysql keeps no unchanged version). */
    private static void append(Map<Integer, List<String>> byTid, int tid, String value) {
        List<String> values = byTid.computeIfAbsent(tid, t -> new ArrayList<>());
        if (values.isEmpty() || !values.get(values.size() - 1).equals(value)) {
            values.add(value);
        }
    }

    private static long ticks(String ns) {
        long v = Long.parseLong(ns);
        assertThat(v % NS_PER_TICK).as("a whole number of ticks").isZero();
        return v / NS_PER_TICK;
    }
}
