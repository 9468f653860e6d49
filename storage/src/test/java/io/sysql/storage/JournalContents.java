package io.sysql.storage;

import io.sysql.capture.event.Event;
import io.sysql.storage.journal.Journal;

import java.util.ArrayList;
import java.util.List;

/** What a capture's journal holds from one event on, read back whole, for tests to compare. */
public final class JournalContents {
    private JournalContents() {
    }

    public static List<Event> from(Capture c, long fromNum) {
        List<Event> read = new ArrayList<>();
        Event e = new Event();
        try (Journal.Cursor cursor = c.events(fromNum)) {
            while (cursor.next(e)) {
                read.add(e.copy());
            }
        }
        return read;
    }
}
