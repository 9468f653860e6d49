package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Errno;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import io.sysql.cli.Main;
import io.sysql.storage.Capture;
import io.sysql.storage.columns.HeadColumns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A real recording (ls of a missing directory under strace: the loader's failed lookups, ls's ENOENT):
 * the failed-calls-per-type and bytes-read-per-file aggregates, answered from the event columns, are what
 * the journal holds, both as written by the recorder and as rebuilt for a capture that has no columns.
 */
class HeadColumnsRecordingTest {
    static final String FAILED_BY_TYPE = "SELECT type, errno_name, count(*) FROM events WHERE failed "
            + "GROUP BY type, errno_name ORDER BY type, errno_name";

    static final Set<String> READS = Set.of("read", "pread64");
    static final String BYTES_READ_BY_FILE = "SELECT fd_name, sum(res), count(*) FROM events WHERE fd_type = 'file'"
            + " AND res > 0 AND type IN ('read', 'pread64') GROUP BY fd_name ORDER BY fd_name";

    @TempDir
    static Path tmp;
    static Path capture;

    @BeforeAll
    static void record() {
        Samples.assumeStrace();
        capture = tmp.resolve("cap");
        Main.run("record", "-o", capture.toString(), "--", "/bin/ls", tmp.resolve("missing").toString());
    }

    /** The same aggregate computed from the journal's events (a call that never returned is not failed: its failed is NULL). */
    static List<String> fromJournal() {
        Map<String, Integer> counts = new TreeMap<>();
        try (Capture c = Capture.open(capture)) {
            for (Event e : Samples.events(c, e -> e.returned() && e.failed())) {
                counts.merge(e.kind + "|" + Errno.name(e.errno), 1, Integer::sum);
            }
        }
        List<String> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(k + "|" + v));
        return out;
    }

    static List<String> sql(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sysql:" + capture);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3));
            }
            return out;
        }
    }

    @Test
    void failedCallsPerTypeFromTheColumnsAreThoseOfTheJournal() throws SQLException {
        List<String> expected = fromJournal();
        assertThat(expected).anyMatch(r -> r.contains("|ENOENT|"));
        assertThat(sql(FAILED_BY_TYPE)).isEqualTo(expected);
    }

    @Test
    void bytesReadPerFileFromTheColumnsAreThoseOfTheJournal() throws SQLException {
        Map<String, long[]> perFile = new TreeMap<>();
        try (Capture c = Capture.open(capture)) {
            for (Event e : Samples.events(c, e -> e.returned() && e.res > 0 && e.fdType == FdType.FILE
                    && READS.contains(e.kind.name()))) {
                long[] sumAndCount = perFile.computeIfAbsent(e.fdName, k -> new long[2]);
                sumAndCount[0] += e.res;
                sumAndCount[1]++;
            }
        }
        List<String> expected = new ArrayList<>();
        perFile.forEach((name, v) -> expected.add(name + "|" + v[0] + "|" + v[1]));
        assertThat(expected).anyMatch(r -> r.contains("libc.so"));
        assertThat(sql(BYTES_READ_BY_FILE)).isEqualTo(expected);
    }

    @Test
    void columnsRebuiltForACaptureWithoutThemAnswerTheSame() throws SQLException, IOException {
        List<String> expected = fromJournal();
        Files.delete(capture.resolve(HeadColumns.FILE_NAME));
        assertThat(sql(FAILED_BY_TYPE)).isEqualTo(expected);
        assertThat(capture.resolve(HeadColumns.FILE_NAME)).exists();
    }
}
