package io.sysql.sql;

import io.sysql.capture.event.Event;
import io.sysql.storage.journal.Journal;
import org.apache.calcite.linq4j.Enumerator;

import java.util.Arrays;
import java.util.function.Predicate;

/** Reads events {@code first..last} from the journal, decoding bodies only for rows it returns. */
final class EventEnumerator implements Enumerator<Object[]> {
    private final SysqlSchema schema;
    private final long first;
    private final long last;
    private final EventScanSpec spec;
    private final RowMaker<Event> maker;
    private final Interruption interruption;
    private final Predicate<Event> wantBody;
    /** Events that ended a process, ascending; null when no row needs to know. */
    private final long[] processEnds;
    private final Event event = new Event();
    private Journal.Cursor cursor;
    private Object[] current;

    EventEnumerator(SysqlSchema schema, long first, long last, EventScanSpec spec, boolean headOnly,
            RowMaker<Event> maker, Interruption interruption, long[] processEnds) {
        this.schema = schema;
        this.first = first;
        this.last = last;
        this.spec = spec;
        this.maker = maker;
        this.interruption = interruption;
        this.processEnds = processEnds;
        this.wantBody = headOnly ? e -> false : e -> e.num <= last && spec.acceptsHead(e);
    }

    @Override
    public Object[] current() {
        return current;
    }

    @Override
    public boolean moveNext() {
        if (first > last) {
            return false;
        }
        if (cursor == null) {
            cursor = schema.capture().events(first);
        }
        while (cursor.position() <= last) {
            interruption.check();
            if (!cursor.next(event, wantBody)) {
                return false;
            }
            schema.eventsReadCounter().incrementAndGet();
            if (event.num > last) {
                return false;
            }
            if (spec.accepts(event)) {
                if (wantBody.test(event)) {
                    schema.eventBodiesCounter().incrementAndGet();
                }
                event.endsProcess = processEnds != null && Arrays.binarySearch(processEnds, event.num) >= 0;
                current = maker.row(event);
                return true;
            }
        }
        return false;
    }

    @Override
    public void reset() {
        close();
    }

    @Override
    public void close() {
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
    }
}
