package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code top} on the repository's sysdig captures gives the figures sysdig's own chisels print for the same
 * file (topscalls, topprocs_errors, topfiles_bytes, topconns), each chisel run by the test.
 */
class TopSysdigChiselTest {

    @TempDir
    Path tmp;

    /**
     * sysdig's chisel counts events, a call's entry and its exit apart: a call sysql counts once is two
     * events there, one when the capture holds only one of its ends (a call entered before the capture,
     * exit_group, a clone's child's exit beside the parent's). So the chisel's figure is between sysql's
     * and twice it, and sysql's equals the calls of sysdig's own event list (entries paired with exits).
     */
    @ParameterizedTest
    @ValueSource(strings = {"curl_google.scap", "psp_run_as_user_0_container.scap", "open-multiple-files.scap"})
    void syscallsAreTopscalls(String sample) {
        assertCallsAreTopscalls(sample, top(sample, "syscalls", 0));
    }

    /** sysql's calls per type ({@code ours}) are sysdig's calls, and between half and all of topscalls' events. */
    static void assertCallsAreTopscalls(String sample, Map<String, String> ours) {
        Map<String, Long> sysdigCalls = new Sysdig(ScapSamples.require(sample)).callsPerType();
        Map<String, String> sysdigs = chisel(sample, "topscalls", 1, 0);
        sysdigs.keySet().removeIf(TopSysdigChiselTest::isBookkeeping);
        assertThat(sysdigs).isNotEmpty();
        sysdigs.forEach((type, events) -> {
            String ourType = type.equals("sigreturn") ? "rt_sigreturn" : type; // the README's names
            assertThat(ours).containsKey(ourType);
            long calls = Long.parseLong(ours.get(ourType));
            assertThat(calls).as(type).isEqualTo(sysdigCalls.get(type));
            assertThat(Long.parseLong(events)).as(type).isBetween(calls, 2 * calls);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "connect_localhost.scap", "curl_google.scap",
            "psp_run_as_user_0_container.scap", "single_ipv6_conn.scap", "test_ipv6_client.scap"})
    void errorsAreTopprocsErrors(String sample) {
        Map<String, String> ours = top(sample, "errors", 1); // by pid
        Map<String, String> sysdigs = chisel(sample, "topprocs_errors", 2, 0);
        assertThat(sysdigs).isNotEmpty();
        assertThat(ours).containsAllEntriesOf(sysdigs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "curl_google.scap", "psp_run_as_user_0_container.scap",
            "test_ipv6_client.scap"})
    void bytesAreTopfilesBytes(String sample) {
        Map<String, String> ours = top(sample, "bytes", 0);
        Map<String, String> sysdigs = chisel(sample, "topfiles_bytes", 1, 0);
        assertThat(sysdigs).isNotEmpty();
        sysdigs.forEach((file, bytes) -> assertSameBytes(file, ours.get(file), bytes));
    }

    /**
     * sysql ranks sockets, named local end first; sysdig names both ends of a connection client first, so
     * its row of a connection within the capture (both ends recorded) adds the bytes of both sockets.
     */
    @ParameterizedTest
    @ValueSource(strings = {"curl_google.scap", "psp_run_as_user_0_container.scap", "single_ipv6_conn.scap"})
    void connectionsAreTopconns(String sample) {
        Map<String, String> ours = new HashMap<>();
        top(sample, "connections", 1).forEach((name, bytes) -> ours.merge(ends(name), bytes,
                (a, b) -> String.valueOf(Long.parseLong(a) + Long.parseLong(b))));
        Map<String, String> sysdigs = chisel(sample, "topconns", 2, 0);
        assertThat(sysdigs).isNotEmpty();
        sysdigs.forEach((name, bytes) -> assertSameBytes(name, ours.get(ends(name)), bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"curl_google.scap", "psp_run_as_user_0_container.scap", "single_ipv6_conn.scap"})
    void portsAreTopportsServer(String sample) {
        Map<String, String> ours = top(sample, "ports", 0);
        Map<String, String> sysdigs = chisel(sample, "topports_server", 1, 0);
        assertThat(sysdigs).isNotEmpty();
        sysdigs.forEach((port, bytes) -> assertSameBytes("port " + port, ours.get(port), bytes));
    }

    /** scap's own events, which sysql keeps as bookkeeping and does not count as calls. */
    static boolean isBookkeeping(String type) {
        return Set.of("procinfo", "switch", "container", "drop").contains(type);
    }

    /** A connection's two ends, whichever order it is written in (sysdig: client first; sysql: local first). */
    private static String ends(String name) {
        return new TreeSet<>(List.of(name.replaceAll("[\\[\\]]", "").split("->"))).toString();
    }

    /** sysdig prints bytes 1024-based with two decimals: "832B", "11.31KB". */
    static void assertSameBytes(String what, String ours, String sysdigs) {
        assertThat(ours).as(what + " is in sysql's ranking").isNotNull();
        String[] unitNames = {"B", "KB", "MB", "GB"};
        for (int i = unitNames.length - 1; i >= 0; i--) {
            if (sysdigs.endsWith(unitNames[i])) {
                double unit = Math.pow(1024, i);
                double printed = Double.parseDouble(sysdigs.substring(0, sysdigs.length() - unitNames[i].length()));
                assertThat(Long.parseLong(ours) / unit).as(what).isCloseTo(printed,
                        org.assertj.core.data.Offset.offset(0.005));
                return;
            }
        }
        throw new AssertionError("not a byte count: " + sysdigs);
    }

    /** sysql's ranking (all of it) as the csv key column {@code keyColumn} to the measure (last column). */
    private Map<String, String> top(String sample, String by, int keyColumn) {
        Path dir = tmp.resolve("cap");
        if (!dir.toFile().exists()) {
            CliRun imported = CliRun.of("import", ScapSamples.require(sample).toString(), "-o", dir.toString());
            assertThat(imported.status()).as(imported.err()).isZero();
        }
        CliRun top = CliRun.of("top", dir.toString(), "--by", by, "--limit", "100000", "--format", "csv");
        assertThat(top.status()).as(top.err()).isZero();
        Map<String, String> rows = new HashMap<>();
        for (String line : top.out().lines().skip(1).toList()) {
            String[] f = line.split(",", -1);
            rows.put(f[keyColumn], f[f.length - 1]);
        }
        return rows;
    }

    /** What sysdig's chisel prints: the column {@code keyColumn} to the column {@code valueColumn}. */
    static Map<String, String> chisel(String sample, String chisel, int keyColumn, int valueColumn) {
        Map<String, String> rows = new HashMap<>();
        List<String> lines = new ArrayList<>(Sysdig.run("-r", ScapSamples.require(sample).toString(), "-c", chisel));
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > Math.max(keyColumn, valueColumn)) {
                rows.put(f[keyColumn], f[valueColumn]);
            }
        }
        return rows;
    }
}
