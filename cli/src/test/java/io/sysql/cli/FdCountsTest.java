package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.storage.Capture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The open fds the timeline's lanes draw, on the real sysdig/falco captures: for every process with fds and
 * every slice, the most it had open at once is the largest {@code COUNT(*)} of its rows in {@code fds AS OF n}
 * over the slice's events n and the event before the slice, each slice's events being those AS OF
 * TIMESTAMP its end reaches.
 */
class FdCountsTest {
    static final int SLICES = 60;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "open-multiple-files.scap", "connect_localhost.scap",
        "psp_run_as_user_0_container.scap"})
    void theMostOpenInEachSliceIsTheLargestCountOfFdsAsOfItsEvents(String sample) throws SQLException {
        Path dir = tmp.resolve(sample.replace(".scap", ""));
        CliRun run = CliRun.of("import", ScapSamples.require(sample).toString(), "-o", dir.toString());
        assertThat(run.status()).as(run.err()).isZero();
        try (Connection sql = DriverManager.getConnection("jdbc:sysql:" + dir.toAbsolutePath())) {
            Capture capture = TimelineCounts.captureOf(sql);
            long[] span = TimelineCounts.callSpan(capture);
            TimelineCounts slices = TimelineCounts.count(capture, span[0], span[1], SLICES);

            // Each slice's last event, and the one before the first, as AS OF TIMESTAMP reaches them.
            long[] lastNums = new long[SLICES];
            for (int s = 0; s < SLICES; s++) {
                lastNums[s] = lastNumAtOrBefore(sql, Math.min(span[1], span[0] + (s + 1) * slices.width) - 1);
            }
            long before = lastNumAtOrBefore(sql, span[0] - 1);

            // Each process's count AS OF every event.
            Map<Long, TreeMap<Long, Integer>> counts = new HashMap<>();
            try (Statement st = sql.createStatement();
                 ResultSet rs = st.executeQuery("SELECT e.num, f.upid, COUNT(*) FROM events e,"
                         + " LATERAL TABLE(fds_at(e.num)) f GROUP BY e.num, f.upid")) {
                while (rs.next()) {
                    counts.computeIfAbsent(rs.getLong(2), u -> new TreeMap<>()).put(rs.getLong(1), rs.getInt(3));
                }
            }
            List<Long> upids = new ArrayList<>(counts.keySet());
            assertThat(upids).as("processes with fds").isNotEmpty();

            Map<Long, Integer> pidOfUpid = new HashMap<>();
            try (Statement st = sql.createStatement();
                 ResultSet rs = st.executeQuery("SELECT DISTINCT upid, pid FROM processes_history")) {
                while (rs.next()) {
                    pidOfUpid.put(rs.getLong(1), rs.getInt(2));
                }
            }
            assertThat(pidOfUpid).containsKeys(upids.toArray(Long[]::new));
            FdCounts fds = FdCounts.count(capture, slices, pidOfUpid);
            assertThat(fds.before).isEqualTo(before);
            assertThat(fds.lastNums).containsExactly(lastNums);
            boolean changes = false;
            for (long upid : upids) {
                TreeMap<Long, Integer> of = counts.get(upid);
                int[] expected = new int[SLICES];
                for (int s = 0; s < SLICES; s++) {
                    long first = s == 0 ? before : lastNums[s - 1];
                    int most = first == 0 ? 0 : of.getOrDefault(first, 0);
                    for (long n = first + 1; n <= lastNums[s]; n++) {
                        most = Math.max(most, of.getOrDefault(n, 0));
                    }
                    expected[s] = most;
                    changes |= s > 0 && expected[s] != expected[s - 1];
                }
                assertThat(fds.mostOpen(upid)).as("upid %d", upid).containsExactly(expected);
            }
            assertThat(changes).as("some process's fd count changes over the slices").isTrue();
        }
    }

    private static long lastNumAtOrBefore(Connection sql, long ts) throws SQLException {
        try (PreparedStatement st = sql.prepareStatement("SELECT COALESCE(MAX(num), 0) FROM events WHERE ts <= ?")) {
            st.setLong(1, ts);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
