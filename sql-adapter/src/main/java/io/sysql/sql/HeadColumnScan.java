package io.sysql.sql;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import io.sysql.storage.columns.Column;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.storage.journal.Journal;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The events {@code first..last} that pass a scan's filters, read from the capture's columns (a few
 * bytes an event) as far as they hold them, then from the journal (a capture still being recorded). For
 * scans whose columns and filters the columns hold; each match is an {@link Event} with num, type, errno
 * and the {@link Column}s asked for set, and, when it came from the columns, its type id.
 */
final class HeadColumnScan implements AutoCloseable {
    private final SysqlSchema schema;
    private final long first;
    private final long last;
    private final long columnsLast;
    private final EventScanSpec spec;
    private final Interruption interruption;
    private final HeadColumns.Reader reader;
    private final ColumnFilter filter;
    private final Set<Column> values;
    /** An event read from the journal needs its body (fd name or type). */
    private final boolean needsBody;
    private final Event event = new Event();
    private String[] fdNames;
    private int i;
    /** Rows of the current block already added to the schema's count of events read. */
    private int counted;
    private int typeId;
    private Journal.Cursor journalTail;

    /** The columns of the {@code events} table the capture's columns answer: in the head, or a {@link Column}. */
    static final Map<String, Optional<Column>> SQL_COLUMNS = Map.ofEntries(
            Map.entry("num", Optional.empty()), Map.entry("type", Optional.empty()),
            Map.entry("failed", Optional.empty()), Map.entry("errno", Optional.empty()),
            Map.entry("errno_name", Optional.empty()), Map.entry("ts", Optional.of(Column.TS)),
            Map.entry("event_time", Optional.of(Column.TS)), Map.entry("res", Optional.of(Column.RES)),
            Map.entry("pid", Optional.of(Column.PID)), Map.entry("fd_name", Optional.of(Column.FD_NAME)),
            Map.entry("fd_type", Optional.of(Column.FD_TYPE)));

    /** The {@link Column}s that hold those of the {@code events} columns {@code names} that are in one. */
    static Set<Column> columnsOf(Collection<String> names) {
        Set<Column> out = EnumSet.noneOf(Column.class);
        for (String name : names) {
            SQL_COLUMNS.getOrDefault(name, Optional.empty()).ifPresent(out::add);
        }
        return out;
    }

    /** A scan that sets {@code values} (beside num, type and errno) in each event it returns. */
    HeadColumnScan(SysqlSchema schema, long first, long last, EventScanSpec spec, Interruption interruption,
            Set<Column> values) {
        this.schema = schema;
        this.first = first;
        this.last = last;
        this.spec = spec;
        this.interruption = interruption;
        this.values = values;
        this.needsBody = values.contains(Column.FD_NAME) || values.contains(Column.FD_TYPE)
                || spec.filterColumns().contains(Column.FD_TYPE);
        HeadColumns columns = schema.capture().columns();
        this.columnsLast = Math.min(last, columns.rows());
        Set<Column> read = EnumSet.noneOf(Column.class);
        read.addAll(spec.filterColumns());
        read.addAll(values);
        this.reader = columns.reader(first, columnsLast, read);
        this.filter = new ColumnFilter(spec, columns);
        this.fdNames = values.contains(Column.FD_NAME) ? columns.fdNames() : null;
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
                int verdict = filter.test(reader, row);
                if (verdict == ColumnFilter.REJECT) {
                    continue;
                }
                if (verdict == ColumnFilter.ACCEPT && fill(row)) {
                    return true;
                }
                if (readFromJournal(reader.blockFirst() + row)) {
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

    /** Sets the event to row {@code row} of the block; false when a value it needs is escaped. */
    private boolean fill(int row) {
        typeId = reader.typeId(row);
        event.num = reader.blockFirst() + row;
        event.kind = filter.kind(typeId);
        event.errno = reader.errno(row);
        if (values.contains(Column.TS)) {
            event.ts = reader.ts()[row];
        }
        if (values.contains(Column.RES)) {
            event.res = reader.res()[row];
        }
        if (values.contains(Column.PID)) {
            event.pid = reader.pid()[row];
        }
        if (values.contains(Column.FD_TYPE)) {
            int code = reader.fdType()[row];
            event.fdType = code == 0 ? null : FdType.values()[code - 1];
        }
        if (fdNames != null) {
            int name = reader.fdName()[row];
            if (name == Column.NAME_ESCAPE) {
                return false;
            }
            if (name >= fdNames.length) {
                fdNames = schema.capture().columns().fdNames();
            }
            event.fdName = name == Column.NO_NAME ? null : fdNames[name];
        }
        return true;
    }

    /** The current event: num, type, errno and the values asked for. */
    Event event() {
        return event;
    }

    /** The current event's type id in the head columns, or -1 when it was read from the journal. */
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
            if (!read(journalTail) || event.num > last) {
                return false;
            }
            schema.eventsReadCounter().incrementAndGet();
            if (spec.accepts(event)) {
                return true;
            }
        }
        return false;
    }

    private boolean read(Journal.Cursor cursor) {
        return needsBody ? cursor.next(event) : cursor.nextHead(event);
    }

    /** An event a value of which the columns could not hold (see {@link HeadColumns#ESCAPE}). */
    private boolean readFromJournal(long num) {
        typeId = -1;
        try (Journal.Cursor cursor = schema.capture().events(num)) {
            if (!read(cursor) || event.num != num) {
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
