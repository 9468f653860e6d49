package io.sysql.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.sql.schema.Column;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureException;
import io.sysql.storage.journal.Journal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The export's layout, what each table holds, and the mistakes a user can make: a message, nothing left behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeExportTest {
    private Path tmp;
    private Path ipv4;
    private Path ipv6;

    @BeforeAll
    void captures(@TempDir Path tmp) throws Exception {
        this.tmp = tmp;
        ipv4 = LakeCaptures.imported("connect_localhost.scap", tmp.resolve("ipv4"));
        ipv6 = LakeCaptures.imported("single_ipv6_conn.scap", tmp.resolve("ipv6"));
    }

    @Test
    void eachTableIsPartitionedByHostAndDayWithOneFilePerCapture() throws Exception {
        Path lake = tmp.resolve("layout");
        List<long[]> progress = new ArrayList<>();
        LakeExport.Summary s = LakeExport.write(List.of(ipv4, ipv6), lake, (c, done, total) -> progress.add(new long[] {done, total}));

        List<String> files;
        try (Stream<Path> walk = Files.walk(lake)) {
            files = walk.filter(Files::isRegularFile).map(p -> lake.relativize(p).toString()).sorted().toList();
        }
        assertThat(files).hasSize(s.files()).allMatch(f -> f.matches(
                "(events|processes_history|threads_history|fds_history|connections_history|capture)"
                        + "/host=[A-Za-z0-9._%-]+/date=\\d{4}-\\d{2}-\\d{2}/part-ipv[46]\\.parquet"));
        assertThat(files).extracting(f -> f.substring(0, f.indexOf('/'))).containsOnly("events", "processes_history",
                "threads_history", "fds_history", "connections_history", "capture");
        assertThat(progress).isNotEmpty().allMatch(p -> p[0] <= p[1]);

        try (Connection duck = Engines.duckdb(lake)) {
            for (Path dir : List.of(ipv4, ipv6)) {
                String name = dir.getFileName().toString();
                try (Connection sysql = Engines.sysql(dir)) {
                    assertThat(Engines.rows(duck, "SELECT host, count(*), max(num) FROM events WHERE capture = ? GROUP BY host", name))
                            .containsExactly(List.of(LakeParity.host(sysql, dir),
                                    Engines.rows(sysql, "SELECT count(*) FROM events").get(0).get(0),
                                    Engines.rows(sysql, "SELECT max(num) FROM events").get(0).get(0)));
                    // the day partition is the UTC day of each row's time
                    assertThat(Engines.rows(duck, "SELECT count(*) FROM events WHERE capture = ? AND date <> CAST(event_time AT TIME ZONE 'UTC' AS DATE)", name))
                            .containsExactly(List.of("0"));
                    // a history row's validity, as event numbers and as nanoseconds
                    assertThat(Engines.rows(duck, "SELECT valid_to_num, valid_to_ts FROM fds_history WHERE capture = ?", name))
                            .isNotEmpty().allMatch(r -> (r.get(0) == null) == (r.get(1) == null));
                    // every time twin the tables declare is the instant of its *_ts column, to the microsecond
                    for (LakeTable<?> table : LakeTables.ALL) {
                        for (Column<?> time : table.columns()) {
                            if (time.twinOf() == null) {
                                continue;
                            }
                            assertThat(Engines.rows(duck, "SELECT " + time.twinOf() + ", epoch_us(" + time.name() + ") FROM "
                                    + table.name() + " WHERE capture = ?", name)).as("%s.%s", table.name(), time.name())
                                    .isNotEmpty()
                                    .allMatch(r -> r.get(0) == null ? r.get(1) == null
                                            : Long.parseLong(r.get(1)) == Math.floorDiv(Long.parseLong(r.get(0)), 1000L));
                        }
                    }
                    assertThat(Engines.rows(duck, "SELECT events, source FROM capture WHERE capture = ?", name))
                            .isEqualTo(Engines.rows(sysql, "SELECT events, source FROM capture"));
                }
            }
            // connections over time: the versions of IP sockets, with the connections table's columns
            assertThat(Engines.rows(duck, "SELECT capture, ufd, valid_from_num FROM connections_history"))
                    .isNotEmpty()
                    .isEqualTo(Engines.rows(duck, "SELECT capture, ufd, valid_from_num FROM fds_history"
                            + " WHERE type IN ('ipv4', 'ipv6')"));
        }
    }

    @Test
    void aCapturesEventsWrittenInPartsByParallelThreadsAreTheSameRows() throws Exception {
        Path whole = tmp.resolve("whole");
        Path parted = tmp.resolve("parted");
        LakeExport.Summary one = LakeExport.write(List.of(ipv4), whole, (c, d, t) -> { }, 1, LakeExport.MIN_PART_EVENTS);
        List<long[]> progress = new ArrayList<>();
        LakeExport.Summary three = LakeExport.write(List.of(ipv4), parted,
                (c, done, total) -> progress.add(new long[] {done, total}), 3, 1);

        List<String> eventFiles;
        try (Stream<Path> walk = Files.walk(parted.resolve("events"))) {
            eventFiles = walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(eventFiles).containsExactly("part-ipv4+1.parquet", "part-ipv4+2.parquet", "part-ipv4.parquet");
        assertThat(three.events()).isEqualTo(one.events()).isPositive();
        assertThat(three.rows()).isEqualTo(one.rows());
        assertThat(progress).last().satisfies(p -> assertThat(p[0]).isEqualTo(p[1]).isEqualTo(one.events()));
        try (Connection a = Engines.duckdb(whole); Connection b = Engines.duckdb(parted)) {
            for (String table : List.of("events", "fds_history", "connections_history", "capture")) {
                assertThat(Engines.rows(b, "SELECT * FROM " + table)).as(table).isEqualTo(Engines.rows(a, "SELECT * FROM " + table));
            }
        }
    }

    @Test
    void aDamagedCaptureIsExportedUpToTheDamageAndItsRowSaysSo() throws Exception {
        Path damaged = LakeCaptures.imported("single_ipv6_conn.scap", tmp.resolve("damaged").resolve("ipv6"));
        cutJournal(damaged);
        String damage;
        long last;
        try (Capture c = Capture.open(damaged)) {
            damage = c.damage();
            last = c.lastNum();
        }
        LakeExport.Summary s = LakeExport.write(List.of(ipv4, damaged), tmp.resolve("with-damaged"), (c, d, t) -> { });
        LakeExport.Summary whole = LakeExport.write(List.of(ipv6), tmp.resolve("whole-ipv6"), (c, d, t) -> { });

        assertThat(s.damaged()).containsExactly(damage);
        assertThat(whole.damaged()).isEmpty();
        assertThat(last).isPositive().isLessThan(whole.events());
        try (Connection sysql = Engines.sysql(ipv4)) {
            assertThat(s.events()).isEqualTo(last + Long.parseLong(Engines.rows(sysql, "SELECT count(*) FROM events")
                    .get(0).get(0)));
        }
        try (Connection cut = Engines.duckdb(tmp.resolve("with-damaged"));
                Connection complete = Engines.duckdb(tmp.resolve("whole-ipv6"))) {
            assertThat(Engines.rows(cut, "SELECT * FROM events WHERE capture = 'ipv6'")).as("the events before the damage")
                    .isEqualTo(Engines.rows(complete, "SELECT * FROM events WHERE num <= ?", last)).isNotEmpty();
            for (String state : List.of("fds_at", "processes_at")) {
                String sql = "SELECT * EXCLUDE (valid_to_num, valid_to_ts, valid_to_time) FROM " + state + "('ipv6', ?)";
                assertThat(Engines.rows(cut, sql, last)).as(state).isEqualTo(Engines.rows(complete, sql, last)).isNotEmpty();
            }
            assertThat(Engines.rows(cut, "SELECT state, damage, events FROM capture WHERE capture = 'ipv6'"))
                    .containsExactly(List.of("damaged", damage, Long.toString(last)));
        }
    }

    /** Cuts the capture's journal (its cycle file) short, a little before the end of the events it holds. */
    private static void cutJournal(Path capture) throws Exception {
        try (Stream<Path> files = Files.list(capture.resolve(Journal.DIR_NAME))) {
            Path cycle = files.filter(f -> Journal.isCycleFile(f.getFileName().toString())).findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(cycle); // mostly zeros Chronicle allocated ahead: the events come first
            int end = bytes.length;
            while (bytes[end - 1] == 0) {
                end--;
            }
            try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw")) {
                file.setLength(end - 100);
            }
        }
    }

    @Test
    void anOutputThatExistsIsRefused() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> LakeExport.write(List.of(ipv4), out, (c, d, t) -> { }))
                .isInstanceOf(ExportException.class).hasMessage("cannot write " + out + ": it exists (give a new directory)");
        assertThat(out.resolve("notes.txt")).hasContent("mine");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void twoCapturesOfOneNameAreRefused() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("elsewhere")).resolve("ipv4");
        assertThatThrownBy(() -> LakeExport.write(List.of(ipv4, other), tmp.resolve("dup"), (c, d, t) -> { }))
                .isInstanceOf(ExportException.class).hasMessageStartingWith("two captures are named ipv4 (");
        assertThat(tmp.resolve("dup")).doesNotExist();
    }

    @Test
    void aDirectoryThatIsNoCaptureLeavesNothing() throws Exception {
        Path none = tmp.resolve("none");
        Path out = tmp.resolve("failed");
        assertThatThrownBy(() -> LakeExport.write(List.of(ipv4, none), out, (c, d, t) -> { }))
                .isInstanceOf(CaptureException.class).hasMessage("no such capture directory: " + none);
        assertThat(out).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    /** Partial exports' directories left in tmp. */
    private List<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().contains(".partial-")).toList();
        }
    }
}
