package io.sysql.samples;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * A capture of any size written with the real writer: {@code processes} workers (children of a shell)
 * that open files and sockets, read and write them and close them, in a seeded random order; event i has
 * ts = T0 + i µs. Big enough captures make long queries (for cancel and timeout) and load tests.
 */
final class SyntheticCapture {
    static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    private static final byte[] DATA = "GET /index.html HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

    private SyntheticCapture() {
    }

    static void write(Path dir, long events, int processes) {
        CaptureWriter w = CaptureWriter.create(dir, false, "synthetic", null);
        Random random = new Random(42);
        long[] n = {0};
        add(w, n, Event.of(EventKinds.SNAP_PROCESS, 1, 1), e -> {
            e.name = "sh";
            e.exe = "/bin/sh";
            e.args = "sh";
            e.startTs = T0;
        });
        add(w, n, Event.of(EventKinds.SNAP_THREAD, 1, 1), e -> e.name = "sh");
        int[] openFds = new int[processes];
        for (int p = 0; p < processes; p++) {
            int pid = 100 + p;
            add(w, n, Event.of(EventKinds.CLONE, 1, 1), e -> e.res = pid);
            add(w, n, Event.of(EventKinds.EXECVE, pid, pid), e -> {
                e.path = "/usr/bin/worker";
                e.exe = "/usr/bin/worker";
                e.args = "worker --id " + pid;
                e.name = "worker";
            });
            openFds[p] = 2;
        }
        while (n[0] < events) {
            int p = random.nextInt(processes);
            int pid = 100 + p;
            int op = random.nextInt(10);
            if (op == 0 && openFds[p] < 40) {
                int fd = ++openFds[p];
                add(w, n, Event.of(EventKinds.OPENAT, pid, pid), e -> {
                    e.res = fd;
                    e.fdType = FdType.FILE;
                    e.path = "/var/lib/worker/" + pid + "/file" + fd;
                });
            } else if (op == 1 && openFds[p] < 40) {
                int fd = ++openFds[p];
                add(w, n, Event.of(EventKinds.SOCKET, pid, pid), e -> {
                    e.res = fd;
                    e.sockFamily = 2;
                });
                add(w, n, Event.of(EventKinds.CONNECT, pid, pid), e -> {
                    e.fd = fd;
                    e.fdType = FdType.IPV4;
                    e.l4proto = "tcp";
                    e.localIp = "10.0.0.1";
                    e.localPort = 30000 + fd;
                    e.remoteIp = "10.0.0.2";
                    e.remotePort = 443;
                });
            } else if (op == 2 && openFds[p] > 2) {
                int fd = openFds[p]--;
                add(w, n, Event.of(EventKinds.CLOSE, pid, pid), e -> e.fd = fd);
            } else if (openFds[p] > 2) {
                int fd = 3 + random.nextInt(openFds[p] - 2);
                add(w, n, Event.of(op % 2 == 0 ? EventKinds.READ : EventKinds.WRITE, pid, pid), e -> {
                    e.fd = fd;
                    e.res = DATA.length;
                    e.data = DATA;
                });
            }
        }
        w.finish(null, null, CaptureMetadata.STATE_COMPLETE);
    }

    private static void add(CaptureWriter w, long[] n, Event e, java.util.function.Consumer<Event> fill) {
        fill.accept(e);
        e.ts = T0 + (++n[0]) * 1000L;
        w.accept(e);
    }
}
