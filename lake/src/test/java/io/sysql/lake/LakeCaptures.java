package io.sysql.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.source.EventSource;
import io.sysql.capture.source.EventSources;
import io.sysql.capture.source.ReadProgress;
import io.sysql.storage.Recording;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The captures the lake tests export: the repository's scap samples and strace recordings made here. */
final class LakeCaptures {
    private static final int SNAPLEN = 80;

    /** Accepts two connections on 127.0.0.1:PORT, echoing what each sends, reading a file meanwhile. */
    static final String SERVER = String.join("\n",
            "import socket, sys",
            "s = socket.socket()",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind(('127.0.0.1', int(sys.argv[1])))",
            "s.listen(4)",
            "for i in range(2):",
            "    c, _ = s.accept()",
            "    f = open('/etc/hostname')",
            "    c.sendall(c.recv(100))",
            "    f.close()",
            "    c.close()",
            "s.close()");

    /** Connects twice to 127.0.0.1:PORT (retrying until the server listens) and waits for each echo. */
    static final String CLIENT = String.join("\n",
            "import socket, sys, time",
            "for i in range(2):",
            "    for attempt in range(400):",
            "        try:",
            "            c = socket.create_connection(('127.0.0.1', int(sys.argv[1])))",
            "            break",
            "        except ConnectionRefusedError:",
            "            time.sleep(0.025)",
            "    c.sendall(b'hello %d' % i)",
            "    c.recv(100)",
            "    c.close()");

    private LakeCaptures() {
    }

    /** A sample of the repository's samples/scap imported into {@code dir}. */
    static Path imported(String sample, Path dir) throws Exception {
        Path file = Path.of(System.getProperty("sysql.scap.samples", "../samples/scap")).resolve(sample);
        assertThat(file).as("the repository's samples/scap holds it").isRegularFile();
        Recording r = new Recording(dir, false, EventSources.scapFile(file, SNAPLEN, ReadProgress.NONE));
        r.start();
        assertThat(r.finish(Map.of()).complete()).isTrue();
        return dir;
    }

    /** A server and its client, each recorded with strace into its own capture: two hosts of one network. */
    static void serverAndClient(Path server, Path client) throws Exception {
        String port = Integer.toString(freePort());
        Recording s = start(server, List.of("python3", "-c", SERVER, port));
        Recording c = start(client, List.of("python3", "-c", CLIENT, port));
        assertThat(c.finish(Map.of()).complete()).isTrue();
        assertThat(s.finish(Map.of()).complete()).isTrue();
    }

    /**
     * The whole machine recorded with eBPF while python reads a file and connects to a closed port, or
     * nothing where this machine or user cannot record system-wide (not root, no BTF...).
     */
    static Optional<Path> system(Path dir) throws Exception {
        if (EventSources.systemUnsupportedReason().isPresent()) {
            return Optional.empty();
        }
        Recording r = new Recording(dir, false, EventSources.system(SNAPLEN, "lake parity test"));
        r.start();
        Process p = new ProcessBuilder("python3", "-c", "import socket\nopen('/etc/hostname').read()\n"
                + "try: socket.create_connection(('127.0.0.1', " + freePort() + "))\nexcept OSError: pass")
                .inheritIO().start();
        assertThat(p.waitFor()).isZero();
        assertThat(r.stopAndFinish().complete()).isTrue();
        return Optional.of(dir);
    }

    private static Recording start(Path dir, List<String> command) throws Exception {
        EventSource source = EventSources.command(command, SNAPLEN);
        Recording r = new Recording(dir, false, source);
        r.start();
        return r;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
