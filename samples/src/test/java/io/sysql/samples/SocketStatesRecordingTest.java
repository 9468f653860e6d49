package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection states derived from the calls of a recorded program equal what {@code ss} printed while the
 * program waited for it: a listener, both ends of an accepted connection, a non-blocking connect, UDP with
 * and without a peer, and a connection whose sending side was shut.
 */
class SocketStatesRecordingTest {
    private static final String PROGRAM = """
            import socket, subprocess, sys
            out, outside = sys.argv[1], int(sys.argv[2])
            lst = socket.socket(); lst.bind(('127.0.0.1', 0)); lst.listen()
            port = lst.getsockname()[1]
            cli = socket.create_connection(('127.0.0.1', port)); acc, _ = lst.accept()
            nb = socket.socket(); nb.setblocking(False); nb.connect_ex(('127.0.0.1', port))
            nb.setblocking(True); nb.send(b'x'); acc2, _ = lst.accept()
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(('127.0.0.1', 0))
            peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); peer.connect(udp.getsockname())
            shut = socket.create_connection(('127.0.0.1', outside)); shut.shutdown(socket.SHUT_WR)
            with open(out, 'w') as f:
                subprocess.run(['ss', '-tuanpH'], stdout=f, check=True)
            """;

    @TempDir
    static Path tmp;
    static Path capture;
    static Path ssOutput;

    @BeforeAll
    static void record() throws Exception {
        capture = tmp.resolve("cap");
        ssOutput = tmp.resolve("ss.txt");
        // the peer of the shut connection is this JVM, outside the recording: its FIN is never sent back
        try (ServerSocket outside = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Samples.recordPython(capture, PROGRAM, ssOutput.toString(), String.valueOf(outside.getLocalPort()));
        }
    }

    @Test
    void statesAtTheMomentSsRanAreSs() throws Exception {
        String pid = LeakHuntingTest.sql(capture, "SELECT pid FROM processes_history WHERE name = 'python3'").get(0);
        String ssRan = "(SELECT MIN(num) FROM events WHERE type = 'execve' AND path LIKE '%/ss')";
        // by protocol, state and peer port: strace does not show the local port a connect chose
        List<String> recorded = LeakHuntingTest.sql(capture, "SELECT l4proto, sock_state, COALESCE(remote_port, 0)"
                + " FROM fds AS OF " + ssRan + " WHERE pid = " + pid + " AND type IN ('ipv4', 'ipv6')");

        List<String> shown = new ArrayList<>();
        for (String line : Files.readAllLines(ssOutput)) {
            if (line.contains("pid=" + pid + ",")) {
                String[] f = line.trim().split("\\s+");
                shown.add(f[0] + "|" + ssState(f[1]) + "|" + port(f[5]));
            }
        }

        assertThat(recorded).containsExactlyInAnyOrderElementsOf(shown);
        assertThat(recorded).anyMatch(r -> r.startsWith("tcp|LISTEN|")).anyMatch(r -> r.startsWith("udp|UNCONN|"))
                .anyMatch(r -> r.startsWith("udp|ESTABLISHED|")).anyMatch(r -> r.startsWith("tcp|FIN_WAIT2|"))
                .filteredOn(r -> r.startsWith("tcp|ESTABLISHED|")).hasSize(4);
    }

    @Test
    void netstatShowsTheStateColumn() throws SQLException {
        List<String> states = LeakHuntingTest.sql(capture, "SELECT DISTINCT state FROM connections AS OF "
                + "(SELECT MIN(num) FROM events WHERE type = 'execve' AND path LIKE '%/ss') WHERE proc_name = 'python3'");
        assertThat(states).doesNotContainNull().contains("LISTEN", "ESTABLISHED", "UNCONN");
    }

    /** ss's words to the kernel's: ESTAB is ESTABLISHED, FIN-WAIT-2 is FIN_WAIT2. */
    private static String ssState(String ss) {
        return ss.equals("ESTAB") ? "ESTABLISHED" : ss.replaceAll("-(\\d)", "$1").replace('-', '_');
    }

    private static String port(String endpoint) {
        String p = endpoint.substring(endpoint.lastIndexOf(':') + 1);
        return p.equals("*") ? "0" : p;
    }
}
