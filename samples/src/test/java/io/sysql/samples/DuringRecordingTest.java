package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * The interval functions ({@code fds_during}, {@code processes_during}) on a strace recording of a program
 * whose files are known: it opens and closes {@code before}, opens {@code spanning}, sleeps, then inside the
 * window opens and closes {@code inside} and runs {@code true}, sleeps, closes {@code spanning} and opens and
 * closes {@code after}. The window runs from the event after {@code before}'s close to {@code after}'s open.
 */
class DuringRecordingTest {
    private static final String PROGRAM = "import os, subprocess, sys, time\n"
            + "def touch(path):\n"
            + "    os.close(os.open(path, os.O_WRONLY | os.O_CREAT))\n"
            + "d = sys.argv[1]\n"
            + "touch(d + '/before')\n"
            + "spanning = os.open(d + '/spanning', os.O_WRONLY | os.O_CREAT)\n"
            + "time.sleep(0.3)\n"
            + "touch(d + '/inside')\n"
            + "subprocess.run(['true'])\n"
            + "time.sleep(0.3)\n"
            + "os.close(spanning)\n"
            + "touch(d + '/after')\n";

    @TempDir
    static Path tmp;
    static Path capture;
    static long from;
    static long to;

    @BeforeAll
    static void record() throws SQLException, IOException {
        capture = tmp.resolve("cap");
        Files.createDirectory(tmp.resolve("files"));
        Samples.recordPython(capture, PROGRAM, tmp.resolve("files").toString());
        from = Long.parseLong(single("SELECT num FROM events WHERE type = 'close' AND fd_name = ?", file("before"))) + 1;
        to = Long.parseLong(single("SELECT MIN(num) FROM events WHERE type IN ('open', 'openat') AND path = ?",
                file("after")));
    }

    @Test
    void fdsDuringHoldsWhatWasOpenAtAnyMomentOfTheWindow() throws SQLException {
        List<String> names = column("SELECT DISTINCT name FROM TABLE(fds_during(?, ?)) WHERE name LIKE ?", from, to,
                file("%"));
        assertThat(names).containsExactlyInAnyOrder(file("spanning"), file("inside"));
    }

    @Test
    void noSinglePointOfTheWindowShowsAFileOpenedAndClosedInside() throws SQLException {
        String asOf = "SELECT name FROM fds AS OF ? WHERE name = ?";
        assertThat(column(asOf, from, file("inside"))).isEmpty();
        assertThat(column(asOf, to - 1, file("inside"))).isEmpty();
        assertThat(column("SELECT valid_from_num, valid_to_num FROM TABLE(fds_during(?, ?)) WHERE name = ?",
                from, to, file("inside"))).hasSize(1);
    }

    @Test
    void aWindowOfOneEventIsAsOfThatEvent() throws SQLException {
        String during = "SELECT ufd FROM TABLE(fds_during(?, ?))";
        assertThat(column(during, from, from + 1)).containsExactlyInAnyOrderElementsOf(
                column("SELECT ufd FROM fds AS OF ?", from));
    }

    /** In times: from the middle of the first sleep to the middle of the second, both well inside the window. */
    @Test
    void theSameWindowInTimesHoldsTheSameFiles() throws SQLException {
        Timestamp start = timestamp(single("SELECT MIN(ts) FROM events WHERE type IN ('open', 'openat') AND path = ?",
                file("spanning")), 100);
        Timestamp end = timestamp(single("SELECT MIN(ts) FROM events WHERE type = 'close' AND fd_name = ?",
                file("spanning")), -100);
        List<String> names = column("SELECT DISTINCT name FROM TABLE(fds_during(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP)))"
                + " WHERE name LIKE ?", start, end, file("%"));
        assertThat(names).containsExactlyInAnyOrder(file("spanning"), file("inside"));
    }

    @Test
    void processesDuringHoldsAChildThatLivedAndDiedInside() throws SQLException {
        String children = "SELECT exited FROM TABLE(processes_during(?, ?)) WHERE name = 'true'";
        // the recorder's CPU samples (every 100 ms) may open further versions while the child lives
        assertThat(column(children, from, to)).as("alive, then exited")
                .startsWith("false").endsWith("true").containsOnlyOnce("true");
        assertThat(column("SELECT pid FROM processes AS OF ? WHERE name = 'true'", from)).isEmpty();
        assertThat(column(children, 1, from)).isEmpty();
    }

    @Test
    void aWindowBeyondTheCaptureIsAnError() {
        String sql = "SELECT * FROM TABLE(fds_during(1, 1000000000))";
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Samples.rows(capture, sql)))
                .hasMessageContaining("fds_during(1, 1000000000): a window of the capture's events is within 0 and");
    }

    /** {@code ts} (ns since the epoch) moved by {@code millis}, as a JDBC TIMESTAMP. */
    private static Timestamp timestamp(String ts, long millis) {
        return new Timestamp(Long.parseLong(ts) / 1_000_000 + millis);
    }

    private static String file(String name) {
        return tmp.resolve("files").resolve(name).toString();
    }

    private static String single(String sql, Object... params) throws SQLException {
        List<String> values = column(sql, params);
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }

    private static List<String> column(String sql, Object... params) throws SQLException {
        return Samples.rows(capture, sql, params).stream().map(r -> r.get(0)).toList();
    }
}
