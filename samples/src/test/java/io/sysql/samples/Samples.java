package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.event.Event;
import io.sysql.cli.Main;
import io.sysql.storage.Capture;
import io.sysql.storage.journal.Journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Where the sample programs are, and small helpers the end-to-end tests share. */
final class Samples {
    private Samples() {
    }

    static Path program(String name) {
        Path p = Path.of(System.getProperty("sysql.samples.bin", "target/bin")).resolve(name);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("sample program not built: " + p + " (mvn compile builds it with gcc)");
        }
        return p;
    }

    static void assumeStrace() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")),
                "strace is not installed (apt-get install strace); skipping a recording test");
    }

    /**
     * Records the leaky sample with strace into {@code capture} (run by bash, as a user's program is),
     * its files in {@code logs}, and returns the number of its procexit.
     */
    static long recordLeaky(Path capture, Path logs) throws IOException, SQLException {
        assumeStrace();
        Files.createDirectories(logs);
        assertThat(Main.run("record", "-o", capture.toString(), "--", "bash", "-c",
                program("leaky") + " " + logs + "; true")).isZero();
        return Long.parseLong(rows(capture, "SELECT MIN(num) FROM events WHERE proc_name = 'leaky'"
                + " AND type = 'procexit'").get(0).get(0));
    }

    /** Records {@code python3 -c PROGRAM ARGS...} with strace into {@code capture}. */
    static void recordPython(Path capture, String program, String... args) {
        assumeStrace();
        List<String> command = new ArrayList<>(List.of("record", "-o", capture.toString(), "--", "python3", "-c",
                program));
        command.addAll(List.of(args));
        assertThat(Main.run(command.toArray(String[]::new))).isZero();
    }

    static List<Event> events(Capture c, Predicate<Event> which) {
        List<Event> out = new ArrayList<>();
        Event e = new Event();
        try (Journal.Cursor cursor = c.events(1)) {
            while (cursor.next(e)) {
                if (which.test(e)) {
                    out.add(e.copy());
                }
            }
        }
        return out;
    }

    /**
     * The open fds a timeline's lane draws for process {@code upid}, as SQL counts them: per slice (its last
     * event in {@code lastNums}; the event before the first slice {@code before}), the most rows the process
     * has in {@code fds AS OF n} over the slice's events n and the event before them.
     */
    static List<Integer> mostOpenFds(Path capture, long upid, long before, long[] lastNums) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sysql:" + capture);
             PreparedStatement st = c.prepareStatement("SELECT COALESCE(MAX(n), 0) FROM (SELECT e.num, COUNT(*) AS n"
                     + " FROM events e, LATERAL TABLE(fds_at(e.num)) f WHERE f.upid = ? AND e.num BETWEEN ? AND ?"
                     + " GROUP BY e.num)")) {
            List<Integer> most = new ArrayList<>();
            long first = before;
            for (long last : lastNums) {
                st.setLong(1, upid);
                st.setLong(2, first);
                st.setLong(3, last);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    most.add(rs.getInt(1));
                }
                first = last;
            }
            return most;
        }
    }

    /** The rows a query over a capture returns, each cell as text (null stays null). */
    static List<List<String>> rows(Path capture, String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sysql:" + capture);
             PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    static Event first(Capture c, Predicate<Event> which) {
        List<Event> all = events(c, which);
        if (all.isEmpty()) {
            throw new AssertionError("no such event in the capture");
        }
        return all.get(0);
    }
}
