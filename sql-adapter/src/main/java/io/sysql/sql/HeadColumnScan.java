package io.sysql.sql;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.storage.journal.Journal;

/**
 * The events {@code first..last} that pass a scan's filters, read from the capture's head columns (4
 * bytes an event) as far as they hold them, then from the journal (a capture still being recorded). For
 * scans whose columns and filters the head columns hold; each match is an {@link Event} with num, type
 * and errno set, and, when it came from the columns, its type id.
 */
final class HeadColumnScan implements AutoCloseable {
    private final SysqlSchema schema;
    private final long first;
    private final long last;
    private final long columnsLast;
    private final EventScanSpec spec;
    private final Interruption interruption;
    private final HeadColumns.Reader reader;
    private final Event event = new Event();
    private EventKind[] typeKinds = new EventKind[0];
    private boolean[] typeAccepted = new boolean[0];
    /**
     * The errno filter decided once per value: the row loop then costs two array reads for the events it
     * rejects (most of them, for {@code WHERE failed}). {@link HeadColumns#ESCAPE} passes, to be read whole.
     */
    private final boolean[] errnoAccepted = new boolean[HeadColumns.ESCAPE + 1];
    private int i;
    /** Rows of the current block already added to the schema's count of events read. */
    private int counted;
    private int typeId;
    private Journal.Cursor journalTail;

    HeadColumnScan(SysqlSchema schema, long first, long last, EventScanSpec spec, Interruption interruption) {
        this.schema = schema;
        this.first = first;
        this.last = last;
        this.spec = spec;
        this.interruption = interruption;
        HeadColumns columns = schema.capture().columns();
        this.columnsLast = Math.min(last, columns.rows());
        this.reader = columns.reader(first, columnsLast);
        for (int errno = 0; errno < HeadColumns.ESCAPE; errno++) {
            errnoAccepted[errno] = spec.acceptsErrno(errno);
        }
        errnoAccepted[HeadColumns.ESCAPE] = true;
    }

    /** Moves to the next event that passes the filters; false after the last. */
    boolean next() {
        if (journalTail != null) {
            return nextInJournal();
        }
        while (true) {
            int rows = reader.blockRows();
            while (i < rows) {
                interruption.check();
                int row = i++;
                int errno = reader.errno(row);
                if (!errnoAccepted[errno]) {
                    continue;
                }
                int type = reader.typeId(row);
                if (type >= typeAccepted.length) {
                    learnTypes();
                }
                if (type < typeKinds.length && errno != HeadColumns.ESCAPE) {
                    if (!typeAccepted[type]) {
                        continue;
                    }
                    typeId = type;
                    event.num = reader.blockFirst() + row;
                    event.kind = typeKinds[type];
                    event.errno = errno;
                    return true;
                }
                if (readHeadFromJournal(reader.blockFirst() + row)) {
                    return true;
                }
            }
            countRead();
            if (!reader.nextBlock()) {
                journalTail = schema.capture().events(Math.max(first, columnsLast + 1));
                return nextInJournal();
            }
            i = 0;
            counted = 0;
        }
    }

    /** The current event: num, type and errno. */
    Event event() {
        return event;
    }

    /** The current event's type id in the head columns, or -1 when its head was read from the journal. */
    int typeId() {
        return typeId;
    }

    private void countRead() {
        schema.eventsReadCounter().addAndGet(i - counted);
        counted = i;
    }

    private boolean nextInJournal() {
        typeId = -1;
        while (journalTail.position() <= last) {
            interruption.check();
            if (!journalTail.nextHead(event) || event.num > last) {
                return false;
            }
            schema.eventsReadCounter().incrementAndGet();
            if (spec.accepts(event)) {
                return true;
            }
        }
        return false;
    }

    /** Type ids written since the scan started: the dictionary has grown. */
    private void learnTypes() {
        String[] names = schema.capture().columns().typeNames();
        typeKinds = new EventKind[names.length];
        typeAccepted = new boolean[names.length];
        for (int t = 0; t < names.length; t++) {
            typeKinds[t] = EventKinds.of(names[t]);
            typeAccepted[t] = spec.acceptsType(names[t]);
        }
    }

    /** An event whose head the columns could not hold (see {@link HeadColumns#ESCAPE}). */
    private boolean readHeadFromJournal(long num) {
        typeId = -1;
        try (Journal.Cursor cursor = schema.capture().events(num)) {
            if (!cursor.nextHead(event) || event.num != num) {
                throw new IllegalStateException("event " + num + " is in the head columns but not in the journal");
            }
        }
        return spec.accepts(event);
    }

    @Override
    public void close() {
        countRead();
        if (journalTail != null) {
            journalTail.close();
        }
    }
}
