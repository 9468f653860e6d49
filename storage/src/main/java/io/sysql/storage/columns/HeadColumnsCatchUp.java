package io.sysql.storage.columns;

import io.sysql.capture.event.Event;
import io.sysql.storage.journal.Journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Brings a capture's {@link HeadColumns} up to its journal: a capture recorded before they existed, or
 * whose recorder was killed with rows still in its buffer. Nothing happens while another writer (the
 * recorder) holds them or when the capture directory is read-only; scans then read the journal beyond
 * the rows there are.
 */
public final class HeadColumnsCatchUp {
    private HeadColumnsCatchUp() {
    }

    /** Appends the journal's events after the columns' last row. */
    public static void run(Path dir, Journal journal) {
        if (!Files.isWritable(dir)) {
            return;
        }
        try (HeadColumnsWriter w = HeadColumnsWriter.resume(dir)) {
            if (w == null) {
                return;
            }
            Event e = new Event();
            try (Journal.Cursor cursor = journal.cursor(w.rows() + 1)) {
                while (cursor.next(e)) {
                    w.append(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot catch up " + dir.resolve(HeadColumns.FILE_NAME), e);
        }
    }
}
