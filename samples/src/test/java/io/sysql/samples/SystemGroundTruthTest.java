package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.ebpf.EbpfRecorder;
import io.sysql.capture.event.FdType;
import io.sysql.cli.Main;
import io.sysql.storage.Capture;
import io.sysql.storage.history.FdRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Ground truth for a system-wide capture: a python http.server serves a few requests and holds one idle
 * client while the capture runs; at its end the server's fds in the capture equal what lsof shows, and
 * its sockets what ss shows, both taken just before the capture ended.
 */
class SystemGroundTruthTest {
    @TempDir
    Path tmp;
    String serverPid;

    @BeforeAll
    static void needsEbpf() {
        Optional<String> reason = EbpfRecorder.unsupportedReason();
        reason.ifPresent(r -> System.out.println("SystemGroundTruthTest skipped: " + r));
        assumeTrue(reason.isEmpty(), () -> "system-wide recording unsupported here: " + reason.orElse(""));
    }

    @AfterEach
    void stopServerAndClient() throws Exception {
        if (serverPid != null) {
            new ProcessBuilder("kill", serverPid).start().waitFor();
        }
        new ProcessBuilder("pkill", "-f", "sysql-idle-client").start().waitFor();
    }

    @Test
    void serverFdsAtTheEndEqualLsofAndItsSocketsEqualSs() throws Exception {
        Path w = tmp;
        String script = String.join("\n",
                "python3 -u -m http.server 0 --bind 127.0.0.1 > " + w + "/server.log 2>&1 &",
                "echo $! > " + w + "/pid",
                "for i in $(seq 100); do grep -q port " + w + "/server.log && break; sleep 0.1; done",
                "PORT=$(sed -n 's/.*port \\([0-9]*\\).*/\\1/p' " + w + "/server.log)",
                "for i in 1 2 3; do python3 -c \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/').read()\"; done",
                "python3 -c \"import socket, time, sys; sys.argv[0] = 'sysql-idle-client'; "
                        + "s = socket.create_connection(('127.0.0.1', $PORT)); time.sleep(120)\" sysql-idle-client &",
                // lsof and ss must run after the server accepted the idle client, however loaded the machine.
                "for i in $(seq 200); do ss -tanpH state established \"( sport = :$PORT )\" "
                        + "| grep -q \"pid=$(cat " + w + "/pid),\" && break; sleep 0.1; done",
                "lsof -n -P -p $(cat " + w + "/pid) -F ftn > " + w + "/lsof.txt",
                "ss -tanpH > " + w + "/ss.txt");
        Path dir = tmp.resolve("cap");
        assertThat(Main.run("record", "--system", "-o", dir.toString(), "--", "bash", "-c", script)).isZero();
        serverPid = Files.readString(w.resolve("pid")).strip();
        int pid = Integer.parseInt(serverPid);
        Map<Integer, String[]> lsof = LsofFields.fdsByPid(Files.readAllLines(w.resolve("lsof.txt"))).get(pid);
        assertThat(lsof).as("lsof saw the server").isNotEmpty();

        try (Capture c = Capture.open(dir)) {
            Map<Integer, FdRow> fds = c.at(c.lastNum()).fds().stream().filter(f -> f.pid == pid)
                    .collect(Collectors.toMap(f -> f.fd, f -> f, (a, b) -> a, TreeMap::new));
            assertThat(fds.keySet()).as("fd numbers").isEqualTo(new TreeSet<>(lsof.keySet()));
            for (Map.Entry<Integer, String[]> e : lsof.entrySet()) {
                FdRow f = fds.get(e.getKey());
                String type = e.getValue()[0];
                String name = e.getValue()[1];
                if (type.equals("REG") || type.equals("CHR")) {
                    assertThat(f.name).as("fd %d", f.fd).isEqualTo(name);
                } else if (type.equals("IPv4")) {
                    assertThat(f.type).as("fd %d", f.fd).isEqualTo(FdType.IPV4);
                } else if (type.equals("DIR")) {
                    assertThat(f.type).isEqualTo(FdType.DIRECTORY);
                    assertThat(f.name).isEqualTo(name);
                }
            }
            List<String> ss = Files.readAllLines(w.resolve("ss.txt")).stream()
                    .filter(l -> l.contains("pid=" + pid + ",")).collect(Collectors.toList());
            assertThat(ss).as("ss saw a listening and a connected socket of the server").hasSizeGreaterThanOrEqualTo(2);
            Pattern line = Pattern.compile("^(\\S+)\\s+\\d+\\s+\\d+\\s+(\\S+):(\\d+)\\s+(\\S+):(\\*|\\d+).*pid=" + pid
                    + ",fd=(\\d+)\\)");
            for (String l : ss) {
                Matcher m = line.matcher(l);
                assertThat(m.find()).as(l).isTrue();
                FdRow f = fds.get(Integer.parseInt(m.group(6)));
                assertThat(f).as("the capture has the socket of: " + l).isNotNull();
                assertThat(f.localIp).as(l).isEqualTo(m.group(2));
                assertThat(f.localPort).as(l).isEqualTo(Integer.parseInt(m.group(3)));
                if (m.group(1).equals("LISTEN")) {
                    assertThat(f.isServer).isTrue();
                    assertThat(f.sockState).isEqualTo("LISTEN");
                } else {
                    assertThat(m.group(1)).isEqualTo("ESTAB");
                    assertThat(f.remoteIp).as(l).isEqualTo(m.group(4));
                    assertThat(f.remotePort).as(l).isEqualTo(Integer.parseInt(m.group(5)));
                    assertThat(f.isServer).as("accepted by the server").isTrue();
                }
            }
        }
    }
}
