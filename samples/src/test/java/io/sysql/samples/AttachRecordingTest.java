package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.event.FdType;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.history.FdRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code record -p PID} of a running server: its fds in the capture's snapshot equal what lsof and ss
 * say at the same moment, the capture grows while the server runs, and Ctrl-C ends it cleanly.
 */
class AttachRecordingTest {
    @TempDir
    Path tmp;
    Process server;
    Socket client;

    @AfterEach
    void stopServer() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroyForcibly();
        }
    }

    private int startServer() throws Exception {
        server = new ProcessBuilder("python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1")
                .redirectErrorStream(true).start();
        String banner = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8)).readLine();
        Matcher m = Pattern.compile("port (\\d+)").matcher(banner);
        assertThat(m.find()).as("server banner: " + banner).isTrue();
        int port = Integer.parseInt(m.group(1));
        client = new Socket("127.0.0.1", port);
        return port;
    }

    @Test
    void snapshotOfAnAttachedServerMatchesLsofAndSs() throws Exception {
        Samples.assumeStrace();
        int port = startServer();
        long pid = server.pid();
        String acceptedLine = waitForAccept(pid, port);
        Path dir = tmp.resolve("cap");
        Process recorder = SysqlProcess.builder("record", "-o", dir.toString(), "-p", String.valueOf(pid))
                .redirectErrorStream(true).start();
        List<String> lsof = null;
        String ss = null;
        try {
            waitForAttach(dir, pid);
            lsof = run("lsof", "-n", "-P", "-p", String.valueOf(pid), "-F", "ftn");
            ss = String.join("\n", run("ss", "-tanpH"));
        } finally {
            recorder.destroy(); // SIGTERM ends a recording cleanly too; Ctrl-C is the next test
            assertThat(recorder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Capture c = Capture.open(dir)) {
            assertThat(c.metadata().get(CaptureMetadata.STATE)).isEqualTo(CaptureMetadata.STATE_COMPLETE);
            long snapshotEnd = c.metadata().getLong(CaptureMetadata.SNAPSHOT_EVENTS, 0);
            List<FdRow> fds = c.at(snapshotEnd).fds().stream().filter(f -> f.pid == pid).collect(Collectors.toList());
            assertThat(fdNumbers(fds)).isEqualTo(lsofFdNumbers(lsof));
            FdRow listening = fds.stream().filter(f -> f.isServer && "LISTEN".equals(f.sockState)).findFirst().orElseThrow();
            assertThat(listening.type).isEqualTo(FdType.IPV4);
            assertThat(listening.localPort).isEqualTo(port);
            assertThat(ss).contains("127.0.0.1:" + port).contains("pid=" + pid + ",fd=" + listening.fd + ")");
            // accepted before the recording: its role comes from the listening port, its state from /proc/net
            FdRow accepted = fds.stream().filter(f -> f.type == FdType.IPV4 && f.remotePort == client.getLocalPort())
                    .findFirst().orElseThrow();
            assertThat(accepted.isServer).isTrue();
            assertThat(accepted.localPort).isEqualTo(port);
            assertThat(accepted.sockState).isEqualTo("ESTABLISHED");
            assertThat(acceptedLine).contains("pid=" + pid + ",fd=" + accepted.fd + ")");
            for (FdRow f : fds) {
                if (f.type == FdType.FILE) {
                    assertThat(lsof).contains("n" + f.name);
                }
            }
        }
    }

    @Test
    void ctrlCEndsAnAttachedRecordingCleanly() throws Exception {
        Samples.assumeStrace();
        startServer();
        long pid = server.pid();
        Path dir = tmp.resolve("cap");
        Process recorder = SysqlProcess.builder("record", "-o", dir.toString(), "-p", String.valueOf(pid))
                .redirectErrorStream(true).start();
        waitForAttach(dir, pid);
        long before;
        try (Capture c = Capture.open(dir)) {
            before = c.lastNum();
            assertThat(c.isRecording()).isTrue();
        }
        // A request while attached: the capture grows while the server runs.
        try (Socket s = new Socket("127.0.0.1", client.getPort())) {
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long grown = before;
        while (grown <= before && System.nanoTime() < deadline) {
            Thread.sleep(100);
            try (Capture c = Capture.open(dir)) {
                grown = c.lastNum();
            }
        }
        assertThat(grown).as("events journaled while recording").isGreaterThan(before);

        new ProcessBuilder("kill", "-INT", String.valueOf(recorder.pid())).start().waitFor();
        assertThat(recorder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String said = new String(recorder.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(recorder.exitValue()).as(said).isZero();
        assertThat(said.lines()).as("the recorder's one closing line, none of strace's attach and detach lines")
                .singleElement().asString().startsWith("sysql: recorded ");
        assertThat(server.isAlive()).as("the attached process goes on after the recorder detaches").isTrue();
        try (Capture c = Capture.open(dir)) {
            assertThat(c.metadata().get(CaptureMetadata.STATE)).isEqualTo(CaptureMetadata.STATE_COMPLETE);
            assertThat(c.countsByType()).containsKey("accept4");
        }
    }

    /** ss's line of the server's side of the test's connection, once the server has accepted it. */
    private String waitForAccept(long pid, int port) throws Exception {
        String local = "127.0.0.1:" + port + " ";
        String peer = "127.0.0.1:" + client.getLocalPort() + " ";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : run("ss", "-tnpH")) {
                if (line.startsWith("ESTAB") && line.contains(local) && line.contains(peer) && line.contains("pid=" + pid + ",")) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not accept the connection in time");
    }

    private static void waitForAttach(Path dir, long pid) throws Exception {
        // strace reports the attach only through the events it emits; wait for the snapshot to be written
        // and a moment for strace to attach.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (dir.resolve(CaptureMetadata.FILE_NAME).toFile().exists()) {
                try (Capture c = Capture.open(dir)) {
                    if (c.lastNum() > 0 && c.countsByType().getOrDefault("snap_fd", 0L) > 0) {
                        Thread.sleep(1500);
                        return;
                    }
                } catch (RuntimeException notYet) {
                    // the journal is being created
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("recorder did not start in time");
    }

    private static Set<Integer> fdNumbers(List<FdRow> fds) {
        return fds.stream().map(f -> f.fd).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Integer> lsofFdNumbers(List<String> lsof) {
        Set<Integer> out = new TreeSet<>();
        for (String line : lsof) {
            if (line.startsWith("f") && line.substring(1).chars().allMatch(Character::isDigit)) {
                out.add(Integer.parseInt(line.substring(1)));
            }
        }
        return out;
    }

    private static List<String> run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assumeTrue(p.exitValue() == 0 || !out.isEmpty(), cmd[0] + " is not available");
        return List.of(out.split("\n"));
    }
}
