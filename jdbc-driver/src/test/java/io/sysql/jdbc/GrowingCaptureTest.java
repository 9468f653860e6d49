package io.sysql.jdbc;

import static io.sysql.jdbc.SampleCapture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;

class GrowingCaptureTest {
    @TempDir
    Path dir;

    @Test
    void eachQuerySeesTheLatestEventOfACaptureStillBeingRecorded() throws Exception {
        CaptureWriter w = CaptureWriter.create(dir.resolve("live"), false, "test", null);
        Event p = Event.of(EventKinds.SNAP_PROCESS, 10, 10);
        p.name = "server";
        p.ts = SampleCapture.T0;
        w.accept(p);
        w.flush(); // else the journal's timer writes the block within milliseconds
        try (Connection c = SampleCapture.connect(dir.resolve("live"))) {
            assertThat(rows(c, "SELECT COUNT(*) FROM fds")).containsExactly("0");
            Event open = Event.of(EventKinds.OPENAT, 10, 10);
            open.res = 3;
            open.path = "/var/lib/data";
            open.ts = SampleCapture.T0 + 1;
            w.accept(open);
            w.flush();
            assertThat(rows(c, "SELECT name FROM fds")).containsExactly("/var/lib/data");
            assertThat(rows(c, "SELECT events, state FROM capture")).containsExactly("2|recording");
        }
        w.finish(null, null, CaptureMetadata.STATE_COMPLETE);
    }
}
