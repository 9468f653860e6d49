package io.sysql.jdbc;

import static io.sysql.jdbc.SampleCapture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.source.EventSources;
import io.sysql.capture.source.ReadProgress;
import io.sysql.storage.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A time twin's value in a result has the nanoseconds of its ns column: {@code event_time} of {@code ts}, on a
 * real sysdig capture of the repository (samples/scap), whose calls' times have nanoseconds.
 */
class TwinNanosTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    static Path dir;
    static Path cap;
    static Connection c;

    @BeforeAll
    static void open() throws Exception {
        cap = dir.resolve("cap");
        Path sample = Path.of(System.getProperty("sysql.scap.samples", "../samples/scap")).resolve("open-multiple-files.scap");
        Recording recording = new Recording(cap, false, EventSources.scapFile(sample, 80, ReadProgress.NONE));
        recording.start();
        recording.finish(Map.of());
        c = SampleCapture.connect(cap); // in UTC
    }

    @AfterAll
    static void close() throws SQLException {
        c.close();
    }

    /** Checks every row's time column against its ts column; returns how many times fall within a millisecond. */
    private static int assertExactTimes(ResultSet rs, String time, String ts) throws SQLException {
        return assertExactTimes(rs, time, ts, ZoneOffset.UTC);
    }

    /** The same, the connection's clock being {@code zone}. */
    private static int assertExactTimes(ResultSet rs, String time, String ts, ZoneId zone) throws SQLException {
        int belowMillisecond = 0;
        while (rs.next()) {
            long ns = rs.getLong(ts);
            Instant instant = Instant.ofEpochSecond(0, ns);
            Timestamp t = rs.getTimestamp(time);
            assertThat(t.getNanos()).as("event at %d", ns).isEqualTo(Math.floorMod(ns, SECOND));
            assertThat(t.toInstant()).isEqualTo(instant);
            assertThat(rs.getObject(time)).isEqualTo(t);
            assertThat(rs.getString(time)).isEqualTo(
                    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS").format(instant.atZone(zone)));
            if (ns % 1_000_000 != 0) {
                belowMillisecond++;
            }
        }
        return belowMillisecond;
    }

    @Test
    void eventTimeHasTheNanosecondsOfTs() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ts, event_time, type FROM events")) {
            assertThat(rs.getMetaData().getColumnCount()).as("the carried ns column is no column").isEqualTo(3);
            assertThat(assertExactTimes(rs, "event_time", "ts")).as("calls timed within a millisecond").isGreaterThan(1000);
        }
    }

    @Test
    void onAnotherClockTheInstantAndItsNanosecondsAreTheSame() throws SQLException {
        ZoneId kathmandu = ZoneId.of("Asia/Kathmandu"); // +05:45
        try (Connection local = DriverManager.getConnection(SysqlDriver.PREFIX + cap + ";timeZone=" + kathmandu);
                Statement s = local.createStatement(); ResultSet rs = s.executeQuery("SELECT ts, event_time FROM events")) {
            assertThat(assertExactTimes(rs, "event_time", "ts", kathmandu)).isGreaterThan(1000);
        }
    }

    @Test
    void aResultOfTheTimeAloneHasItsNanoseconds() throws SQLException {
        long ns = Long.parseLong(rows(c, "SELECT ts FROM events WHERE type = 'open' ORDER BY num LIMIT 1").get(0));
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT event_time FROM events WHERE ts = " + ns)) {
            assertThat(rs.getMetaData().getColumnCount()).isEqualTo(1);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getTimestamp(1).getNanos()).isEqualTo(Math.floorMod(ns, SECOND)).isNotZero();
        }
    }

    @Test
    void theNanosecondsGoThroughSubQueriesJoinsSortsAndViews() throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT x.t, x.n FROM (SELECT event_time t, ts n, num FROM events"
                    + " WHERE type <> 'switch') x WHERE x.num > 10 ORDER BY x.t DESC")) {
                assertThat(assertExactTimes(rs, "t", "n")).isPositive();
            }
            String bothSides = "SELECT a.event_time, a.ts, b.event_time AS t2, b.ts AS n2 FROM events a"
                    + " JOIN events b ON b.num = a.num + 1 WHERE a.type = 'open'";
            try (ResultSet rs = s.executeQuery(bothSides)) {
                assertThat(assertExactTimes(rs, "event_time", "ts")).isPositive();
            }
            try (ResultSet rs = s.executeQuery(bothSides)) {
                assertThat(assertExactTimes(rs, "t2", "n2")).isPositive();
            }
            try (ResultSet rs = s.executeQuery("SELECT v.event_time, e.ts FROM slowest_syscalls v"
                    + " JOIN events e ON e.num = v.num")) {
                assertThat(assertExactTimes(rs, "event_time", "ts")).isPositive();
            }
            try (ResultSet rs = s.executeQuery("SELECT exit_time, exit_ts FROM process_run_times")) {
                assertThat(assertExactTimes(rs, "exit_time", "exit_ts")).isPositive();
            }
        }
    }

    @Test
    void comparisonsWithTimestampLiteralsAreTheMillisecondsOfTs() throws SQLException {
        long median = Long.parseLong(rows(c, "SELECT ts FROM events WHERE num = (SELECT MAX(num) / 2 FROM events)").get(0));
        Instant millisecond = Instant.ofEpochSecond(0, median).truncatedTo(ChronoUnit.MILLIS);
        String literal = "TIMESTAMP '" + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .format(millisecond.atOffset(ZoneOffset.UTC)) + "'";
        long fromNs = millisecond.getEpochSecond() * SECOND + millisecond.getNano();
        assertThat(rows(c, "SELECT COUNT(*) FROM events WHERE event_time >= " + literal))
                .isEqualTo(rows(c, "SELECT COUNT(*) FROM events WHERE ts >= " + fromNs))
                .isNotEqualTo(rows(c, "SELECT COUNT(*) FROM events"));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT ts, event_time FROM events WHERE event_time >= " + literal + " ORDER BY event_time")) {
            assertThat(assertExactTimes(rs, "event_time", "ts")).isPositive();
        }
    }

    @Test
    void aTimeComputedFromTheTwinIsTheComputedTime() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT time_bucket(INTERVAL '1' SECOND, event_time) b, ts FROM events")) {
            while (rs.next()) {
                assertThat(rs.getTimestamp("b").toInstant())
                        .isEqualTo(Instant.ofEpochSecond(0, rs.getLong("ts")).truncatedTo(ChronoUnit.SECONDS));
            }
        }
    }

    @Test
    void aTimeBoundToAsOfQuestionMarkIsStillATime() throws SQLException {
        // were the bound time not rebound as a time, its milliseconds would be taken as an event number
        String sql = "SELECT e.event_time, e.ts, (SELECT COUNT(*) FROM processes AS OF ?) FROM events e WHERE e.num = 2100";
        long ts = Long.parseLong(rows(c, "SELECT ts FROM events WHERE num = 2100").get(0));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(Instant.ofEpochSecond(0, ts)));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(assertExactTimes(rs, "event_time", "ts")).isOne();
            }
        }
    }
}
