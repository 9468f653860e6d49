package io.sysql.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.source.EventSources;
import io.sysql.capture.source.ReadProgress;
import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.TableKind;
import io.sysql.sql.schema.Tables;
import io.sysql.storage.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every time twin the tables declare ({@link TableDef.Builder#timeOf}), found in the declarations so a new one is
 * covered here: compared with a TIMESTAMP literal it selects the rows its column of nanoseconds selects compared
 * with the same instant, and through JDBC it holds that column's nanoseconds. On two real sysdig captures
 * (samples/scap): a {@code docker exec} of a bash that runs {@code ls} (a container, processes that end) and a
 * TCP connect to localhost (a connection that closes); each state table at the end and AS OF each process's end
 * (where the exited process and its threads show their exit times), and through the tables' functions.
 */
class TimeTwinsTest {
    private static final long SECOND = 1_000_000_000L;
    /** Twins whose column of nanoseconds is null throughout the samples: no sample's container sees its last process end. */
    private static final Set<String> NO_VALUE_IN_SAMPLE = Set.of("containers.last_seen_time");

    @TempDir
    static Path dir;
    static final List<Connection> captures = new ArrayList<>();

    @BeforeAll
    static void open() throws Exception {
        for (String sample : List.of("psp_run_as_user_0_container.scap", "connect_localhost.scap")) {
            Path cap = dir.resolve(sample);
            Recording recording = new Recording(cap, false, EventSources.scapFile(
                    Path.of(System.getProperty("sysql.scap.samples", "../samples/scap")).resolve(sample), 80,
                    ReadProgress.NONE));
            recording.start();
            recording.finish(Map.of());
            captures.add(SampleCapture.connect(cap)); // in UTC
        }
    }

    @AfterAll
    static void close() throws SQLException {
        for (Connection c : captures) {
            c.close();
        }
    }

    /** A table read in one capture: {@code from} is what follows FROM. */
    private record Source(Connection c, String from) {
        List<String> sortedRows(String select, String where) throws SQLException {
            List<String> rows = SampleCapture.rows(c, "SELECT " + select + " FROM " + from + " WHERE " + where);
            rows.sort(null);
            return rows;
        }
    }

    static Stream<Arguments> twins() {
        return Tables.ALL.stream().flatMap(t -> t.columns().stream().filter(col -> col.twinOf() != null)
                .map(col -> Arguments.of(t.name(), col.name(), col.twinOf())));
    }

    /**
     * Where a table is read in each capture: as it is; a state table also AS OF each process's end and from its
     * {@code _at} function there; a history table also from its {@code _during} function over the whole capture.
     */
    private static List<Source> sources(String table) throws SQLException {
        TableKind kind = Tables.ALL.stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow().kind();
        List<Source> out = new ArrayList<>();
        for (Connection c : captures) {
            out.add(new Source(c, table));
            if (kind == TableKind.STATE) {
                for (String num : SampleCapture.rows(c, "SELECT num FROM events WHERE ends_process")) {
                    out.add(new Source(c, table + " AS OF " + num));
                    out.add(new Source(c, "TABLE(" + table + "_at(" + num + "))"));
                }
            } else if (kind == TableKind.HISTORY) {
                out.add(new Source(c, "TABLE(" + table.replaceFirst("_history$", "_during") + "(1, "
                        + SampleCapture.rows(c, "SELECT MAX(num) + 1 FROM events").get(0) + "))"));
            }
        }
        return out;
    }

    /** The distinct non-null values of {@code ns} wherever {@code table} is read (some, unless none is expected). */
    private static TreeSet<Long> values(String table, String time, String ns) throws SQLException {
        TreeSet<Long> out = new TreeSet<>();
        for (Source source : sources(table)) {
            for (String v : source.sortedRows(ns, ns + " IS NOT NULL")) {
                out.add(Long.parseLong(v));
            }
        }
        if (!NO_VALUE_IN_SAMPLE.contains(table + "." + time)) {
            assertThat(out).as("%s.%s has values in the sample", table, ns).isNotEmpty();
        }
        return out;
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("twins")
    void comparedWithATimestampLiteralItSelectsWhatItsNanosecondsSelect(String table, String time, String ns)
            throws SQLException {
        TreeSet<Long> values = values(table, time, ns);
        long median = values.isEmpty() ? 0 : new ArrayList<>(values).get(values.size() / 2);
        Instant millisecond = Instant.ofEpochSecond(0, median).truncatedTo(ChronoUnit.MILLIS);
        String literal = "TIMESTAMP '" + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .format(millisecond.atOffset(ZoneOffset.UTC)) + "'";
        long literalNs = millisecond.getEpochSecond() * SECOND + millisecond.getNano();
        int selected = 0;
        for (Source source : sources(table)) {
            List<String> byTime = source.sortedRows("*", time + " >= " + literal);
            assertThat(byTime).as("%s WHERE %s >= %s", source.from(), time, literal)
                    .isEqualTo(source.sortedRows("*", ns + " >= " + literalNs));
            assertThat(source.sortedRows("*", time + " < " + literal)).as("%s WHERE %s < %s", source.from(), time, literal)
                    .isEqualTo(source.sortedRows("*", ns + " < " + literalNs));
            assertThat(source.sortedRows("*", time + " IS NULL")).as("%s WHERE %s IS NULL", source.from(), time)
                    .isEqualTo(source.sortedRows("*", ns + " IS NULL"));
            selected += byTime.size();
        }
        assertThat(selected > 0).as("rows selected").isEqualTo(!values.isEmpty());
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("twins")
    void itHasTheNanosecondsOfItsColumnOfNanoseconds(String table, String time, String ns) throws SQLException {
        boolean hasValues = !values(table, time, ns).isEmpty();
        int belowMillisecond = 0;
        for (Source source : sources(table)) {
            String from = source.from();
            try (Statement s = source.c().createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + ns + ", " + time + " FROM " + from)) {
                while (rs.next()) {
                    long nanos = rs.getLong(1);
                    Timestamp t = rs.getTimestamp(2);
                    if (rs.getObject(1) == null) {
                        assertThat(t).as("%s where %s is null", from, ns).isNull();
                        continue;
                    }
                    assertThat(t.getNanos()).as("%s at %d", from, nanos).isEqualTo(Math.floorMod(nanos, SECOND));
                    assertThat(t.toInstant()).isEqualTo(Instant.ofEpochSecond(0, nanos));
                    assertThat(rs.getObject(2)).isEqualTo(t);
                    if (nanos % 1_000_000 != 0) {
                        belowMillisecond++;
                    }
                }
            }
        }
        assertThat(belowMillisecond > 0).as("times within a millisecond").isEqualTo(hasValues);
    }
}
