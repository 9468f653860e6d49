package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code netstat} at the end of captures whose connections were accepted before the recording (ssh
 * sessions in the capture's fd lists) equals what sysdig's own netstat chisel prints for the same file:
 * same server and client sides, same state, same process.
 */
class ScapNetstatTest {
    /** Rows sysdig 0.29.3 prints wrongly, and the right row: this IPv6 listening address lacks its port. */
    private static final Map<String, String> SYSDIG_MISPRINTS = Map.of(
            "tcp fe80::ceb:feff:fe7d:6f7e 0.0.0.0:* LISTEN 1182/1182/dhclient",
            "tcp fe80::ceb:feff:fe7d:6f7e:546 0.0.0.0:* LISTEN 1182/1182/dhclient");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"test_ipv6_client.scap", "psp_run_as_user_0_container.scap"})
    void netstatAtTheEndIsSysdigs(String sample) {
        Path file = ScapSamples.require(sample);
        Path dir = tmp.resolve("cap");
        CliRun imported = CliRun.of("import", file.toString(), "-o", dir.toString());
        assertThat(imported.status()).as(imported.err()).isZero();
        CliRun netstat = CliRun.of("netstat", dir.toString(), "--format", "csv");
        assertThat(netstat.status()).as(netstat.err()).isZero();

        List<String> ours = new ArrayList<>();
        for (String line : netstat.out().lines().skip(1).toList()) {
            String[] f = line.split(",", -1);
            ours.add(String.join(" ", f[0], f[1].replaceAll("[\\[\\]]", ""), f[2].isEmpty() ? "0.0.0.0:*" : f[2],
                    sysdigState(f[3]), sysdigProgram(f[4], f[5])));
        }
        List<String> sysdigs = sysdigNetstat(file);

        assertThat(ours).containsExactlyInAnyOrderElementsOf(sysdigs);
        assertThat(ours).as("accepted before the capture: the server side is port 22")
                .anyMatch(row -> row.matches("tcp \\S+:22 \\S+ ESTABLISHED \\S+/sshd"));
    }

    /** sysdig's PID/Program column: the process id twice (pid and the pid's main thread), then its name. */
    private static String sysdigProgram(String pid, String name) {
        return pid + "/" + pid + "/" + name;
    }

    /** sysdig calls every socket without a peer LISTEN; sysql says UNCONN for UDP, as ss does. */
    private static String sysdigState(String state) {
        return state.equals("UNCONN") ? "LISTEN" : state;
    }

    private static List<String> sysdigNetstat(Path file) {
        List<String> rows = new ArrayList<>();
        for (String line : Sysdig.run("-r", file.toString(), "-c", "netstat").stream().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            String row = String.join(" ", List.of(f).subList(0, 5));
            rows.add(SYSDIG_MISPRINTS.getOrDefault(row, row));
        }
        return rows;
    }
}
