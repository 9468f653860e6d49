package io.sysql.storage.columns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;
import io.sysql.storage.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** The head columns hold every event's type and errno as the journal does, however they came to be. */
class HeadColumnsTest {
    /** More than one write buffer of rows, so that a part of them is still buffered in a live capture. */
    static final int EVENTS = 40_000;

    @TempDir
    Path tmp;

    /** Event i: a type out of a few, one of them without a code in the journal's codec; some fail. */
    static Event event(int i) {
        Event e = Event.of(i % 7 == 0 ? EventKinds.of("my_own_call") : i % 3 == 0 ? EventKinds.OPENAT : EventKinds.READ, 10, 10);
        e.ts = 1_000_000L * i;
        e.errno = i % 5 == 0 ? 11 : i % 11 == 0 ? 2 : 0;
        e.res = e.errno == 0 ? 0 : -1;
        if (i == 12_345) {
            e.errno = 70_000; // no u16 holds it: the journal alone does
        }
        return e;
    }

    static CaptureWriter write(Path dir, int events) {
        CaptureWriter w = CaptureWriter.create(dir, false, "test", null);
        for (int i = 1; i <= events; i++) {
            w.accept(event(i));
        }
        return w;
    }

    /** The (type, errno) of rows 1..rows as the columns hold them, escaped values as null. */
    static List<String> columnRows(Capture c) {
        HeadColumns columns = c.columns();
        List<String> out = new ArrayList<>();
        HeadColumns.Reader r = columns.reader(1, columns.rows());
        String[] names = columns.typeNames();
        while (r.nextBlock()) {
            for (int i = 0; i < r.blockRows(); i++) {
                int type = r.typeId(i);
                int errno = r.errno(i);
                out.add((type == HeadColumns.ESCAPE ? null : names[type]) + "|"
                        + (errno == HeadColumns.ESCAPE ? null : errno));
            }
        }
        return out;
    }

    /** The same from the journal, for its first {@code rows} events. */
    static List<String> journalRows(Capture c, long rows) {
        List<String> out = new ArrayList<>();
        Event e = new Event();
        try (Journal.Cursor cursor = c.events(1)) {
            while (out.size() < rows && cursor.nextHead(e)) {
                out.add(e.kind + "|" + (e.errno == 70_000 ? null : e.errno));
            }
        }
        return out;
    }

    @Test
    void theColumnsHoldEachEventsTypeAndErrnoAsTheJournalDoes() {
        Path dir = tmp.resolve("cap");
        write(dir, EVENTS).finish(null, null, CaptureMetadata.STATE_COMPLETE);
        try (Capture c = Capture.open(dir)) {
            assertThat(c.columns().rows()).isEqualTo(EVENTS + 1); // and capture_end
            List<String> rows = columnRows(c);
            assertThat(rows).isEqualTo(journalRows(c, EVENTS + 1));
            assertThat(rows.get(12_344)).isEqualTo("openat|null");
            assertThat(rows).contains("my_own_call|0", "openat|2", "read|11");
        }
    }

    @Test
    void aCaptureBeingRecordedShowsTheRowsWrittenSoFar() {
        Path dir = tmp.resolve("live");
        CaptureWriter w = write(dir, EVENTS);
        try (Capture c = Capture.open(dir)) {
            long rows = c.columns().rows();
            // whole buffers are on disk, the rest is still in the recorder's buffer: the journal has it
            assertThat(rows).isPositive().isLessThan(EVENTS);
            assertThat(columnRows(c)).isEqualTo(journalRows(c, rows));
            w.finish(null, null, CaptureMetadata.STATE_COMPLETE);
            assertThat(c.columns().rows()).isEqualTo(EVENTS + 1);
            assertThat(columnRows(c)).isEqualTo(journalRows(c, EVENTS + 1));
        }
    }

    @Test
    void aKilledRecordersColumnsAreCaughtUpFromTheJournal() throws IOException {
        Path dir = tmp.resolve("killed");
        write(dir, EVENTS).finish(null, null, CaptureMetadata.STATE_COMPLETE);
        // as a recorder killed mid-write leaves them: a part row, a part dictionary entry, buffered rows lost
        try (FileChannel head = FileChannel.open(dir.resolve(HeadColumns.FILE_NAME), StandardOpenOption.WRITE)) {
            head.truncate(HeadColumns.HEADER_BYTES + 1_000L * HeadColumns.ROW_BYTES + 2);
        }
        Files.write(dir.resolve(TypeDictionary.FILE_NAME), new byte[] {9, 0, 'c'}, StandardOpenOption.APPEND);
        try (Capture c = Capture.open(dir)) {
            assertThat(c.columns().rows()).isEqualTo(EVENTS + 1);
            assertThat(columnRows(c)).isEqualTo(journalRows(c, EVENTS + 1));
        }
    }

    @Test
    void aCaptureWithoutColumnsGetsThemWhenOpened() throws IOException {
        Path dir = tmp.resolve("old");
        write(dir, EVENTS).finish(null, null, CaptureMetadata.STATE_COMPLETE);
        Files.delete(dir.resolve(HeadColumns.FILE_NAME));
        Files.delete(dir.resolve(TypeDictionary.FILE_NAME));
        try (Capture c = Capture.open(dir)) {
            assertThat(columnRows(c)).isEqualTo(journalRows(c, EVENTS + 1));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(HeadColumns.FILE_NAME))))
                .isEqualTo("rw-------");
    }
}
