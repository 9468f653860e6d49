package io.sysql.sql;

import io.sysql.capture.event.Event;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.storage.journal.Journal;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Reads events {@code first..last} from the capture's head columns (4 bytes an event) as far as they
 * hold them, then from the journal (a capture still being recorded), applying the scan's filters to
 * each row before a row object is made. Only for scans whose columns and filters the head columns hold.
 */
final class HeadColumnEnumerator implements Enumerator<Object[]> {
    private final SysqlSchema schema;
    private final long first;
    private final long last;
    private final long columnsLast;
    private final EventScanSpec spec;
    private final RowMaker<Event> maker;
    private final Interruption interruption;
    private final HeadColumns.Reader reader;
    private final Event event = new Event();
    private String[] typeNames = new String[0];
    private boolean[] typeAccepted = new boolean[0];
    private int i;
    /** Rows of the current block already added to the schema's count of events read. */
    private int counted;
    private EventEnumerator journalTail;
    private Object[] current;

    HeadColumnEnumerator(SysqlSchema schema, long first, long last, EventScanSpec spec, RowMaker<Event> maker,
            Interruption interruption) {
        this.schema = schema;
        this.first = first;
        this.last = last;
        this.spec = spec;
        this.maker = maker;
        this.interruption = interruption;
        HeadColumns columns = schema.capture().columns();
        this.columnsLast = Math.min(last, columns.rows());
        this.reader = columns.reader(first, columnsLast);
    }

    @Override
    public Object[] current() {
        return current;
    }

    @Override
    public boolean moveNext() {
        if (journalTail != null) {
            return moveNextInJournal();
        }
        while (true) {
            while (i < reader.blockRows()) {
                interruption.check();
                int row = i++;
                int type = reader.typeId(row);
                int errno = reader.errno(row);
                long num = reader.blockFirst() + row;
                if (type >= typeAccepted.length) {
                    learnTypes();
                }
                if (type < typeNames.length && errno != HeadColumns.ESCAPE) {
                    if (!typeAccepted[type] || !spec.acceptsErrno(errno)) {
                        continue;
                    }
                    event.num = num;
                    event.type = typeNames[type];
                    event.errno = errno;
                } else if (!readHeadFromJournal(num)) {
                    continue;
                }
                current = maker.row(event);
                return true;
            }
            countRead();
            if (!reader.nextBlock()) {
                journalTail = new EventEnumerator(schema, Math.max(first, columnsLast + 1), last, spec,
                        true, maker, interruption);
                return moveNextInJournal();
            }
            i = 0;
            counted = 0;
        }
    }

    private void countRead() {
        schema.eventsReadCounter().addAndGet(i - counted);
        counted = i;
    }

    private boolean moveNextInJournal() {
        if (journalTail.moveNext()) {
            current = journalTail.current();
            return true;
        }
        return false;
    }

    /** Type ids written since the scan started: the dictionary has grown. */
    private void learnTypes() {
        typeNames = schema.capture().columns().typeNames();
        typeAccepted = new boolean[typeNames.length];
        for (int t = 0; t < typeNames.length; t++) {
            typeAccepted[t] = spec.acceptsType(typeNames[t]);
        }
    }

    /** An event whose head the columns could not hold (see {@link HeadColumns#ESCAPE}). */
    private boolean readHeadFromJournal(long num) {
        try (Journal.Cursor cursor = schema.capture().events(num)) {
            if (!cursor.nextHead(event) || event.num != num) {
                throw new IllegalStateException("event " + num + " is in the head columns but not in the journal");
            }
        }
        return spec.accepts(event);
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        countRead();
        if (journalTail != null) {
            journalTail.close();
        }
    }
}
