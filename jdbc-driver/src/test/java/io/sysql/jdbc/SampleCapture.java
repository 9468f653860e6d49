package io.sysql.jdbc;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A small capture written with the real writer: init, a bash, and myapp (forked by bash) that opens a
 * log and /etc/passwd, writes an error, closes passwd, listens on 127.0.0.1:8080 and exits with its
 * fds still open; then bash opens /tmp/after. Event i has ts = T0 + i seconds.
 */
final class SampleCapture {
    static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    static final long SECOND = 1_000_000_000L;

    long openLog;
    long openPasswd;
    long writeError;
    long closePasswd;
    long listen;
    long exit;
    long openAfter;
    long last;

    private final CaptureWriter writer;

    private SampleCapture(Path dir) {
        writer = CaptureWriter.create(dir, false, "test", null);
    }

    static SampleCapture write(Path dir) {
        SampleCapture c = new SampleCapture(dir);
        c.script();
        c.writer.finish(null, null, CaptureMetadata.STATE_COMPLETE);
        return c;
    }

    private void script() {
        add(EventKinds.SNAP_USER, 0, 0, 0, e -> {
            e.uid = 0;
            e.gid = 0;
            e.name = "root";
            e.home = "/root";
            e.shell = "/bin/bash";
        });
        add(EventKinds.SNAP_GROUP, 0, 0, 0, e -> {
            e.gid = 0;
            e.name = "root";
        });
        process(1, 0, "init");
        process(100, 1, "bash");
        add(EventKinds.CLONE, 100, 100, 200, e -> e.flags = 0);
        add(EventKinds.EXECVE, 200, 200, 0, e -> {
            e.path = "/usr/bin/myapp";
            e.exe = "/usr/bin/myapp";
            e.args = "myapp --serve";
            e.name = "myapp";
        });
        openLog = add(EventKinds.OPENAT, 200, 200, 3, e -> e.path = "/var/log/app.log");
        openPasswd = add(EventKinds.OPENAT, 200, 200, 4, e -> e.path = "/etc/passwd");
        writeError = add(EventKinds.WRITE, 200, 200, 17, e -> {
            e.fd = 3;
            e.data = "ERROR: disk full\n".getBytes(StandardCharsets.US_ASCII);
        });
        add(EventKinds.OPENAT, 200, 200, -2, e -> e.path = "/nonexistent");
        closePasswd = add(EventKinds.CLOSE, 200, 200, 0, e -> e.fd = 4);
        add(EventKinds.SOCKET, 200, 200, 5, e -> {
            e.sockFamily = 2;
            e.flags = 1;
        });
        add(EventKinds.BIND, 200, 200, 0, e -> {
            e.fd = 5;
            e.localIp = "127.0.0.1";
            e.localPort = 8080;
        });
        listen = add(EventKinds.LISTEN, 200, 200, 0, e -> {
            e.fd = 5;
            e.fdType = FdType.IPV4;
            e.localIp = "127.0.0.1";
            e.localPort = 8080;
        });
        add(EventKinds.EXIT_GROUP, 200, 200, 0, e -> e.exitCode = 1);
        exit = add(EventKinds.PROCEXIT, 200, 200, 0, e -> e.exitCode = 1);
        openAfter = add(EventKinds.OPENAT, 100, 100, 3, e -> e.path = "/tmp/after");
        last = openAfter + 1; // finishing the capture writes its capture_end event
    }

    private void process(int pid, int ppid, String name) {
        add(EventKinds.SNAP_PROCESS, pid, pid, 0, e -> {
            e.ppid = ppid;
            e.name = name;
            e.exe = "/usr/bin/" + name;
            e.args = name;
            e.uid = 0;
            e.gid = 0;
            e.startTs = T0;
        });
        add(EventKinds.SNAP_THREAD, pid, pid, 0, e -> e.name = name);
    }

    private long add(EventKind kind, int pid, int tid, long res, Consumer<Event> fill) {
        Event e = Event.of(kind, pid, tid);
        e.res = res;
        if (res < 0) {
            e.errno = (int) -res;
            e.res = -1;
        }
        fill.accept(e);
        e.ts = T0 + (writer.eventCount() + 1) * SECOND;
        writer.accept(e);
        return e.num;
    }

    /** Cancels {@code s} from another thread after {@code millis}. */
    static CompletableFuture<Void> cancelLater(Statement s, long millis) {
        return CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(millis);
                s.cancel();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static Connection connect(Path dir) throws SQLException {
        return DriverManager.getConnection(SysqlDriver.PREFIX + dir + ";timeZone=UTC");
    }

    /** All rows of a query, each as "v1|v2|...". */
    static List<String> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                if (i > 1) {
                    sb.append('|');
                }
                sb.append(rs.getString(i));
            }
            out.add(sb.toString());
        }
        return out;
    }
}
