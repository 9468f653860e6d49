package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two hosts recorded for real (as root): two network namespaces joined by a veth pair (10.200.0.1 and
 * 10.200.0.2), each with its own hostname (a UTS namespace), each running a program under its own
 * {@code sysql record}: a TCP server that accepts three connections (keeping a log file open from each),
 * and a client that connects to it three times. Queried as one database of two hosts, the join pairs each
 * of the client's connects with the server's accept of it by the address 4-tuple, and gives the server's
 * fds as of that accept.
 */
class TwoHostRecordingTest {
    private static final String SERVER = String.join("\n",
            "import socket, sys",
            "s = socket.socket()",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind(('10.200.0.1', 8080))",
            "s.listen(8)",
            "open(sys.argv[1], 'w').close()",
            "logs = []",
            "for i in range(3):",
            "    c, _ = s.accept()",
            "    c.recv(16)",
            "    logs.append(open(sys.argv[2] + str(i), 'w'))",
            "    c.sendall(b'ok')",
            "    c.close()");
    private static final String CLIENT = String.join("\n",
            "import os, socket, sys, time",
            "while not os.path.exists(sys.argv[1]):",
            "    time.sleep(0.02)",
            "ports = []",
            "for i in range(3):",
            "    c = socket.create_connection(('10.200.0.1', 8080))",
            "    ports.append(c.getsockname()[1])",
            "    c.sendall(b'hello')",
            "    c.recv(16)",
            "    c.close()",
            "open(sys.argv[2], 'w').write(' '.join(map(str, ports)))");

    /**
     * The 4-tuple join of issue 20, with the server's fds (beyond stdio) as of each accept. Under strace a
     * connect tells only the remote end; the local one comes with a later call on the same socket (here
     * getsockname): {@code c0} is the version the connect made, {@code cf} a version of the same socket
     * that knows both ends.
     */
    private static final String CONNECT_TO_ACCEPT = """
            SELECT DISTINCT conn.host, cf.client_port, acc.host, acc.num, f.name
              FROM events conn
              JOIN fds_history c0 ON c0.capture = conn.capture AND c0.valid_from_num = conn.num
                   AND c0.pid = conn.pid AND c0.fd = conn.fd
              JOIN fds_history cf ON cf.capture = c0.capture AND cf.pid = c0.pid AND cf.fd = c0.fd
                   AND cf.opened_num = c0.opened_num
              JOIN fds_history sf ON sf.is_server AND sf.valid_from_num = sf.opened_num AND sf.host <> cf.host
                   AND sf.client_ip = cf.client_ip AND sf.client_port = cf.client_port
                   AND sf.server_ip = cf.server_ip AND sf.server_port = cf.server_port
              JOIN events acc ON acc.capture = sf.capture AND acc.num = sf.opened_num
              JOIN fds FOR SYSTEM_TIME AS OF EVT(acc.num) f ON f.pid = acc.pid AND f.fd > 2
             WHERE conn.type = 'connect'
             ORDER BY acc.num, f.name""";

    @TempDir
    Path tmp;
    private final String suffix = Long.toString(ProcessHandle.current().pid());
    private final String serverNs = "sysql-web-" + suffix;
    private final String clientNs = "sysql-laptop-" + suffix;

    @BeforeEach
    void network() throws Exception {
        Samples.assumeStrace();
        run("ip", "netns", "add", serverNs);
        run("ip", "netns", "add", clientNs);
        run("ip", "link", "add", "vw" + suffix, "netns", serverNs, "type", "veth", "peer", "name", "vl" + suffix,
                "netns", clientNs);
        address(serverNs, "vw" + suffix, "10.200.0.1/24");
        address(clientNs, "vl" + suffix, "10.200.0.2/24");
    }

    @AfterEach
    void removeNetwork() throws Exception {
        // deleting a namespace deletes its end of the veth pair, and with it the other end
        for (String ns : List.of(serverNs, clientNs)) {
            new ProcessBuilder("ip", "netns", "delete", ns).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void address(String ns, String link, String address) throws Exception {
        run("ip", "-n", ns, "addr", "add", address, "dev", link);
        run("ip", "-n", ns, "link", "set", link, "up");
        run("ip", "-n", ns, "link", "set", "lo", "up");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /** {@code sysql record} of a python program, in network namespace {@code ns} under hostname {@code host}. */
    private Process record(String ns, String host, Path capture, String program, String... args) throws IOException {
        List<String> recorder = new ArrayList<>(SysqlProcess.builder("record", "-o", capture.toString(), "--",
                "python3", "-c", program).command());
        recorder.addAll(Arrays.asList(args));
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns, "unshare", "--uts", "sh", "-c",
                "hostname " + host + " && exec \"$@\"", "sh"));
        command.addAll(recorder);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve(host + ".log").toFile())
                .start();
    }

    @Test
    void eachClientConnectIsPairedWithItsAcceptOnTheOtherHost() throws Exception {
        Path web = tmp.resolve("web");
        Path laptop = tmp.resolve("laptop");
        Path ready = tmp.resolve("ready");
        Path ports = tmp.resolve("ports");
        String logs = tmp.resolve("log-").toString();
        Process server = record(serverNs, "fleet-web", web, SERVER, ready.toString(), logs);
        Process client = record(clientNs, "fleet-laptop", laptop, CLIENT, ready.toString(), ports.toString());
        assertThat(client.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(server.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(client.exitValue()).as(Files.readString(tmp.resolve("fleet-laptop.log"))).isZero();
        assertThat(server.exitValue()).as(Files.readString(tmp.resolve("fleet-web.log"))).isZero();
        List<String> clientPorts = List.of(Files.readString(ports).trim().split(" "));

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < clientPorts.size(); i++) {
            String port = clientPorts.get(i);
            // at its accept the server has its listening socket, this connection, and the logs of those before
            List<String> names = new ArrayList<>(List.of("10.200.0.1:8080", "10.200.0.1:8080->10.200.0.2:" + port));
            for (int log = 0; log < i; log++) {
                names.add(logs + log);
            }
            names.stream().sorted().forEach(name -> expected.add("fleet-laptop|" + port + "|fleet-web|" + name));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sysql:" + web + "," + laptop)) {
            assertThat(rows(c, "SELECT host FROM capture ORDER BY host")).containsExactly("fleet-laptop", "fleet-web");
            List<String> joined = rows(c, CONNECT_TO_ACCEPT);
            // the accept's number is the server's; drop it, but keep the rows in its order
            assertThat(joined.stream().map(r -> r.replaceFirst("\\|fleet-web\\|\\d+\\|", "|fleet-web|")).toList())
                    .containsExactlyElementsOf(expected);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(String.join("|", row));
            }
            return out;
        }
    }
}
