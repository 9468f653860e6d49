package io.sysql.jdbc;

import static io.sysql.jdbc.SampleCapture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;
import io.sysql.storage.Crc32c;
import io.sysql.storage.columns.HeadColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scans that need only the columns the capture keeps beside its journal (num, type, failed, errno, ts,
 * res, pid, fd name and type) read those instead of the journal; they
 * must answer exactly as the journal does, also while the capture is still being recorded. The journal's
 * answer is the same query with a filter on tid, a column only the journal holds.
 */
class HeadColumnsScanTest {
    static final int EVENTS = 40_000;
    static final long MS = 1_000_000L;
    static final List<String> QUERIES = List.of(
            "SELECT type, count(*) FROM events WHERE failed %s GROUP BY type ORDER BY type",
            "SELECT errno_name, errno, count(*) FROM events WHERE (NOT failed OR errno = 2) %s "
                    + "GROUP BY errno_name, errno ORDER BY errno",
            "SELECT num, type, errno FROM events WHERE type = 'my_own_call' AND failed AND num BETWEEN 1000 AND 3000 %s",
            "SELECT count(*) FROM events WHERE errno = 11 %s",
            "SELECT count(*) FROM events WHERE type = 'no_such_call' %s",
            "SELECT failed, count(*), count(*) FROM events WHERE num > 10 %s GROUP BY failed ORDER BY failed",
            "SELECT count(*), max(num) FROM events WHERE TRUE %s",
            "SELECT num, type, failed FROM events WHERE errno = 70000 %s",
            "SELECT type, count(*) FROM events WHERE ts BETWEEN " + 5_000 * MS + " AND " + 25_000 * MS
                    + " AND failed %s GROUP BY type ORDER BY type",
            "SELECT count(*), count(res), count(failed), count(errno) FROM events WHERE NOT failed %s",
            "SELECT type, count(*) FROM events WHERE res IS NULL %s GROUP BY type ORDER BY type",
            // the columns beside the head: time, result, pid, fd name and type
            "SELECT count(*), sum(res), count(res) FROM events WHERE ts BETWEEN " + 5_000 * MS + " AND " + 25_000 * MS
                    + " %s",
            "SELECT fd_name, sum(res), count(*) FROM events WHERE ts > " + 1_000 * MS + " AND fd_type = 'file'"
                    + " AND res > 0 AND type IN ('read', 'my_own_call') %s GROUP BY fd_name ORDER BY fd_name",
            "SELECT type, errno, count(*) FROM events WHERE failed AND ts <= " + 30_000 * MS + " %s"
                    + " GROUP BY type, errno ORDER BY type, errno",
            "SELECT pid, fd_type, count(*), sum(res) FROM events WHERE pid = 11 %s GROUP BY pid, fd_type ORDER BY fd_type",
            "SELECT fd_name, count(*) FROM events WHERE res < 5 %s GROUP BY fd_name ORDER BY fd_name",
            "SELECT num, ts, event_time, pid, res, fd_name, fd_type FROM events WHERE res > 50"
                    + " AND num BETWEEN 100 AND 400 %s");

    @TempDir
    Path tmp;

    /** Event i: a type out of a few, one of them without a code in the journal's codec; some fail. */
    static Event event(int i) {
        Event e = Event.of(i % 7 == 0 ? EventKinds.of("my_own_call") : i % 3 == 0 ? EventKinds.OPENAT : EventKinds.READ, 10, 10);
        e.ts = MS * i;
        e.errno = i == 12_345 ? 70_000 : i % 5 == 0 ? 11 : i % 11 == 0 ? 2 : i % 13 == 0 ? Event.NO_EXIT : 0;
        e.res = e.errno == 0 ? i % 100 : -1;
        e.pid = 10 + i % 2;
        if (i % 4 == 0) {
            e.fd = 3;
            e.fdName = "/tmp/f" + i % 9;
            e.fdType = i % 8 == 0 ? FdType.FILE : FdType.PIPE;
        }
        if (i == 4_444) {
            e.fdName = "/tmp/" + "x".repeat(2_000); // too long for the columns' names: in the journal only
        }
        return e;
    }

    static CaptureWriter write(Path dir, int from, int to, CaptureWriter w) {
        for (int i = from; i <= to; i++) {
            w.accept(event(i));
        }
        // Everything written is visible now, not block by block as the writer's timer gets to it: the two
        // queries compared must see the same events.
        w.flush();
        return w;
    }

    static void assertColumnsAnswerAsTheJournal(Connection c) throws SQLException {
        for (String q : QUERIES) {
            List<String> fromColumns = rows(c, String.format(q, ""));
            assertThat(fromColumns).as(q).isNotEmpty().isEqualTo(rows(c, String.format(q, "AND tid >= 0")));
        }
    }

    @Test
    void callsThatNeverReturnedHaveNoResultAndAreNeitherFailedNorNot() throws SQLException {
        Path dir = tmp.resolve("cap");
        write(dir, 1, 100, CaptureWriter.create(dir, false, "test", null))
                .finish(null, null, CaptureMetadata.STATE_COMPLETE);
        try (Connection c = SampleCapture.connect(dir)) {
            // events 13, 26, 39, 52, 78, 91 (65 is errno 11) never returned
            assertThat(rows(c, "SELECT num FROM events WHERE res IS NULL AND failed IS NULL AND errno IS NULL"))
                    .containsExactly("13", "26", "39", "52", "78", "91");
            assertThat(rows(c, "SELECT count(*) FROM events WHERE failed OR NOT failed"))
                    .as("the 94 others and capture_end").containsExactly("95");
        }
    }

    @Test
    void aCompleteCaptureAnswersFromTheColumnsAsFromTheJournal() throws SQLException {
        Path dir = tmp.resolve("cap");
        write(dir, 1, EVENTS, CaptureWriter.create(dir, false, "test", null))
                .finish(null, null, CaptureMetadata.STATE_COMPLETE);
        try (Connection c = SampleCapture.connect(dir)) {
            assertColumnsAnswerAsTheJournal(c);
            Map<String, Integer> failed = new TreeMap<>();
            for (int i = 1; i <= EVENTS; i++) {
                Event e = event(i);
                if (e.returned() && e.failed()) {
                    failed.merge(e.kind.name(), 1, Integer::sum);
                }
            }
            assertThat(rows(c, String.format(QUERIES.get(0), "")))
                    .isEqualTo(failed.entrySet().stream().map(e -> e.getKey() + "|" + e.getValue()).toList());
            assertThat(rows(c, String.format(QUERIES.get(7), ""))).containsExactly("12345|openat|true");
            // the count is taken in the head columns: no aggregate over event rows is left in the plan
            assertThat(String.join("\n", rows(c, "EXPLAIN PLAN FOR " + String.format(QUERIES.get(0), ""))))
                    .contains("events GROUP BY [7]").doesNotContain("Aggregate");
        }
    }

    @Test
    void aPreparedWindowAggregateIsPlannedOnceOverTheColumnsAndAnswersEachWindow() throws SQLException {
        Path dir = tmp.resolve("cap");
        write(dir, 1, EVENTS, CaptureWriter.create(dir, false, "test", null))
                .finish(null, null, CaptureMetadata.STATE_COMPLETE);
        String window = "SELECT type, count(*), sum(res) FROM events WHERE ts BETWEEN %s AND %s AND pid = %s"
                + " GROUP BY type ORDER BY type";
        try (Connection c = SampleCapture.connect(dir);
             PreparedStatement ps = c.prepareStatement(String.format(window, "?", "?", "?"))) {
            assertThat(String.join("\n", rows(c, "EXPLAIN PLAN FOR " + String.format(window, "?", "?", "?"))))
                    .contains("events GROUP BY").doesNotContain("Aggregate");
            for (long[] w : new long[][] {{100, 900, 10}, {5_000, 39_000, 11}, {0, 0, 11}, {50_000, 60_000, 10}}) {
                ps.setLong(1, w[0] * MS);
                ps.setLong(2, w[1] * MS);
                ps.setInt(3, (int) w[2]);
                List<String> prepared = rows(ps.executeQuery());
                String literal = String.format(window, w[0] * MS, w[1] * MS, w[2]);
                assertThat(prepared).as(literal).isEqualTo(rows(c, literal.replace("GROUP", "AND tid >= 0 GROUP")));
                assertThat(prepared.isEmpty()).as(literal).isEqualTo(w[0] >= 50_000 || w[1] == 0);
            }
            // a bound set to NULL: BETWEEN NULL AND ... holds for no event
            ps.setNull(1, Types.BIGINT);
            ps.setLong(2, 9_000 * MS);
            assertThat(rows(ps.executeQuery())).isEmpty();
        }
    }

    @Test
    void aCaptureStillBeingRecordedAnswersFromColumnsAndJournalAsFromTheJournal() throws SQLException {
        Path dir = tmp.resolve("live");
        CaptureWriter w = write(dir, 1, EVENTS / 2, CaptureWriter.create(dir, false, "test", null));
        try (Connection c = SampleCapture.connect(dir)) {
            assertColumnsAnswerAsTheJournal(c);
            write(dir, EVENTS / 2 + 1, EVENTS, w);
            assertColumnsAnswerAsTheJournal(c);
            assertThat(rows(c, "SELECT count(*) FROM events")).containsExactly(String.valueOf(EVENTS));
            w.finish(null, null, CaptureMetadata.STATE_COMPLETE);
            assertColumnsAnswerAsTheJournal(c);
        }
    }

    @Test
    void scansNeedingOnlyHeadColumnsReadThemNotTheJournal() throws SQLException, IOException {
        Path dir = tmp.resolve("altered");
        write(dir, 1, EVENTS, CaptureWriter.create(dir, false, "test", null))
                .finish(null, null, CaptureMetadata.STATE_COMPLETE);
        // event 2 did not fail; its row in the columns is altered to say errno 99, and the seal (the rows' CRC-32C
        // at byte 24 of the 32-byte header) made to match, as if written so
        try (FileChannel head = FileChannel.open(dir.resolve(HeadColumns.FILE_NAME), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer errno = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putChar((char) 99).flip();
            head.write(errno, 32 + 4 + 2);
            ByteBuffer crc = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(Crc32c.of(head, 32, head.size())).flip();
            head.write(crc, 24);
        }
        try (Connection c = SampleCapture.connect(dir)) {
            assertThat(rows(c, "SELECT num FROM events WHERE errno = 99")).containsExactly("2");
            assertThat(rows(c, "SELECT num FROM events WHERE errno = 99 AND tid >= 0")).isEmpty();
        }
    }
}
