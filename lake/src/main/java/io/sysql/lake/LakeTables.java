package io.sysql.lake;

import io.sysql.capture.event.Event;
import io.sysql.sql.schema.CaptureInfo;
import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.Tables;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.Version;
import io.sysql.storage.journal.Journal;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tables an export writes, each made of sql-adapter's declarations ({@link Tables}) so a column means in
 * the lake what it means in sysql: {@code events}, the history tables (one row per version, valid from one
 * event to another), {@code connections_history} (the {@code connections} columns over time) and
 * {@code capture}. Each {@code *_ts} column has its time twin beside it as the declarations have it ({@code X_time},
 * a TIMESTAMP, e.g. a history row's {@code valid_from_time}), for engines' date functions and partition pruning.
 */
final class LakeTables {
    private LakeTables() {
    }

    static final LakeTable<Event> EVENTS = new LakeTable<>("events", Tables.EVENTS.columns(), e -> e.ts,
            (capture, sink) -> forEachEvent(capture, 1, capture.lastNum(), capture.read(HistoryIndex::processEnds), sink));

    static final LakeTable<?> PROCESSES_HISTORY = history(Tables.PROCESSES_HISTORY);
    static final LakeTable<?> THREADS_HISTORY = history(Tables.THREADS_HISTORY);
    static final LakeTable<?> FDS_HISTORY = history(Tables.FDS_HISTORY);
    static final LakeTable<?> CONNECTIONS_HISTORY = history(Tables.CONNECTIONS_HISTORY);

    /** The capture's row; its host is the partition's (the metadata's, or the directory's name). */
    static final LakeTable<CaptureInfo> CAPTURE = new LakeTable<>("capture",
            Tables.CAPTURE.columns().stream().filter(c -> !c.name().equals(LakeExport.HOST)).toList(),
            c -> c.events() > 0 ? c.firstTs() : c.metadata().getLong(CaptureMetadata.START_TS, 0),
            (capture, sink) -> Tables.CAPTURE.rows(capture).forEach(sink));

    static final List<LakeTable<?>> ALL = List.of(EVENTS, PROCESSES_HISTORY, THREADS_HISTORY, FDS_HISTORY,
            CONNECTIONS_HISTORY, CAPTURE);

    private static <R extends Version> LakeTable<R> history(TableDef<R> def) {
        return new LakeTable<>(def.name(), def.columns(), v -> v.validFromTs,
                (capture, sink) -> def.rows(capture).forEach(sink));
    }

    /**
     * Events {@code from..to} in journal order, with {@code ends_process} set as the events table sets it from
     * the capture's {@link HistoryIndex#processEnds}.
     */
    static void forEachEvent(Capture capture, long from, long to, long[] processEnds, Consumer<Event> sink) {
        Event event = new Event();
        try (Journal.Cursor cursor = capture.events(from)) {
            while (cursor.next(event) && event.num <= to) {
                event.endsProcess = Arrays.binarySearch(processEnds, event.num) >= 0;
                sink.accept(event);
            }
        }
    }
}
