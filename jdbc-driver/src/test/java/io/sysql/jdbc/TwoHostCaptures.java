package io.sysql.jdbc;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Two captures written with the real writer, as if recorded on two hosts: on "web" (10.0.0.1) a server
 * listens on port 80 and accepts three connections, opening a log file between them; on "laptop"
 * (10.0.0.2) a client connects to it three times from ports 40001-40003. The server then closes its
 * listening socket (so the captures differ in length). Both processes have pid 300, as unrelated
 * processes on two hosts may. Event i of each has
 * ts = T0 + i seconds, the client's clock {@link #CLIENT_LAG} behind the server's.
 */
final class TwoHostCaptures {
    static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    static final long SECOND = 1_000_000_000L;
    static final long CLIENT_LAG = 100 * SECOND;
    static final int CONNECTIONS = 3;

    /** The server's accept events, in order; its listen; its last event. */
    final List<Long> accepts = new ArrayList<>();
    final List<Long> connects = new ArrayList<>();
    long listen;
    long serverLast;
    long clientLast;

    static TwoHostCaptures write(Path server, Path client) {
        TwoHostCaptures t = new TwoHostCaptures();
        t.server(server);
        t.client(client);
        return t;
    }

    private void server(Path dir) {
        CaptureWriter w = CaptureWriter.create(dir, false, "test", null);
        process(w, 0, 300, "nginx");
        add(w, 0, EventKinds.SOCKET, 300, 3, e -> {
            e.sockFamily = 2;
            e.flags = 1;
        });
        add(w, 0, EventKinds.BIND, 300, 0, e -> {
            e.fd = 3;
            e.localIp = "10.0.0.1";
            e.localPort = 80;
        });
        listen = add(w, 0, EventKinds.LISTEN, 300, 0, e -> {
            e.fd = 3;
            e.fdType = FdType.IPV4;
            e.localIp = "10.0.0.1";
            e.localPort = 80;
        });
        for (int i = 1; i <= CONNECTIONS; i++) {
            int port = 40000 + i;
            int fd = 3 + i;
            accepts.add(add(w, 0, EventKinds.ACCEPT4, 300, fd, e -> {
                e.fd = 3;
                e.localIp = "10.0.0.1";
                e.localPort = 80;
                e.remoteIp = "10.0.0.2";
                e.remotePort = port;
            }));
            add(w, 0, EventKinds.OPENAT, 300, fd + 10, e -> e.path = "/var/log/nginx/" + port + ".log");
        }
        add(w, 0, EventKinds.CLOSE, 300, 0, e -> e.fd = 3);
        serverLast = finish(w, "web");
    }

    private void client(Path dir) {
        CaptureWriter w = CaptureWriter.create(dir, false, "test", null);
        process(w, CLIENT_LAG, 300, "curl");
        for (int i = 1; i <= CONNECTIONS; i++) {
            int port = 40000 + i;
            add(w, CLIENT_LAG, EventKinds.SOCKET, 300, 3, e -> {
                e.sockFamily = 2;
                e.flags = 1;
            });
            connects.add(add(w, CLIENT_LAG, EventKinds.CONNECT, 300, 0, e -> {
                e.fd = 3;
                e.fdType = FdType.IPV4;
                e.l4proto = "tcp";
                e.localIp = "10.0.0.2";
                e.localPort = port;
                e.remoteIp = "10.0.0.1";
                e.remotePort = 80;
            }));
            add(w, CLIENT_LAG, EventKinds.CLOSE, 300, 0, e -> e.fd = 3);
        }
        clientLast = finish(w, "laptop");
    }

    private static long finish(CaptureWriter w, String host) {
        w.finish(null, Map.of(CaptureMetadata.HOST, host), CaptureMetadata.STATE_COMPLETE);
        return w.eventCount();
    }

    private static void process(CaptureWriter w, long lag, int pid, String name) {
        add(w, lag, EventKinds.SNAP_PROCESS, pid, 0, e -> {
            e.ppid = 1;
            e.name = name;
            e.exe = "/usr/bin/" + name;
            e.args = name;
            e.startTs = T0;
        });
        add(w, lag, EventKinds.SNAP_THREAD, pid, 0, e -> e.name = name);
    }

    private static long add(CaptureWriter w, long lag, EventKind kind, int pid, long res, Consumer<Event> fill) {
        Event e = Event.of(kind, pid, pid);
        e.res = res;
        fill.accept(e);
        e.ts = T0 - lag + (w.eventCount() + 1) * SECOND;
        w.accept(e);
        return e.num;
    }
}
