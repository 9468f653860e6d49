package io.sysql.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.Event;
import io.sysql.capture.source.EventSource;
import io.sysql.capture.source.EventSources;
import io.sysql.capture.source.ReadProgress;
import io.sysql.capture.source.SourceException;
import io.sysql.storage.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one recording pipeline, run on a real source: a sysdig capture of the repository (samples/scap). */
class RecordingTest {
    @TempDir
    Path tmp;

    @Test
    void aFileSourcesUntimedSnapshotTakesItsFirstEventsTimeAndTheCaptureStartsThere() throws Exception {
        Path dir = tmp.resolve("cap");
        Recording recording = new Recording(dir, false, scap(sample("cat_write.scap")));
        recording.start();
        Recording.Summary summary = recording.finish(Map.of("note", "kept"));

        try (Capture c = Capture.open(dir)) {
            List<Event> events = events(c);
            long snapshotEvents = events.stream().filter(e -> e.kind.isSnapshot()).count();
            Event firstCall = events.stream().filter(e -> !e.kind.isSnapshot()).findFirst().orElseThrow();
            assertThat(snapshotEvents).isPositive().isEqualTo(summary.snapshotEvents());
            assertThat(events.subList(0, (int) snapshotEvents)).allMatch(e -> e.ts == firstCall.ts);
            assertThat(c.metadata().getLong(CaptureMetadata.START_TS, 0)).isEqualTo(firstCall.ts);
            // every event the source delivered, then the capture's end
            assertThat(summary.events()).isEqualTo(events.size() - 1);
            assertThat(c.metadata().get(CaptureMetadata.SOURCE)).isEqualTo("scap");
            assertThat(c.metadata().get(CaptureMetadata.STATE)).isEqualTo(CaptureMetadata.STATE_COMPLETE);
            assertThat(c.metadata().get("note")).isEqualTo("kept");
            assertThat(summary.complete()).isTrue();
        }
    }

    @Test
    void aSourceThatFailsBeforeItsFirstEventLeavesNothingBehind() throws Exception {
        Path dir = tmp.resolve("cap");
        Path notScap = Files.writeString(tmp.resolve("notes.scap"), "not a capture at all");
        Recording recording = new Recording(dir, false, scap(notScap));
        recording.start();
        assertThatThrownBy(() -> recording.finish(Map.of())).isInstanceOf(SourceException.class)
                .hasMessageContaining("not a scap capture");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aDirectoryHoldingOtherFilesIsRefusedBeforeTheSourceStarts() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cap"));
        Files.writeString(dir.resolve("thesis.txt"), "months of work");
        assertThatThrownBy(() -> new Recording(dir, true, scap(sample("cat_write.scap"))))
                .isInstanceOf(CaptureException.class).hasMessageContaining("not a sysql capture");
        assertThat(dir.resolve("thesis.txt")).exists();
    }

    private static EventSource scap(Path file) {
        return EventSources.scapFile(file, 80, ReadProgress.NONE);
    }

    /** A sample of the repository; a missing one fails the test. */
    private static Path sample(String name) {
        Path f = Path.of(System.getProperty("sysql.scap.samples", "../samples/scap")).resolve(name);
        assertThat(f).as("the repository's samples/scap holds it").isRegularFile();
        return f;
    }

    private static List<Event> events(Capture c) {
        List<Event> out = new ArrayList<>();
        Event e = new Event();
        try (Journal.Cursor cursor = c.events(1)) {
            while (cursor.next(e)) {
                out.add(e.copy());
            }
        }
        return out;
    }
}
