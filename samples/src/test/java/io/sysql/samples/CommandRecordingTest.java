package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code record -- COMMAND} of a small shell pipeline, as the README's user would run it: the snapshot is
 * the command's line of ancestors, its events carry their own time from the first call on, and the
 * processes it starts say what they are.
 */
class CommandRecordingTest {
    private static final String SNAPSHOT = "type LIKE 'snap\\_%' ESCAPE '\\'";
    private static final String PIPELINE = "cat f | grep x | wc -l";

    @TempDir
    static Path tmp;
    static Path capture;

    @BeforeAll
    static void record() throws IOException {
        Samples.assumeStrace();
        Files.writeString(tmp.resolve("f"), "ax\nb\nx\n");
        capture = tmp.resolve("pipeline");
        // cd into tmp so that the pipeline reads f there
        Cli run = Cli.run("record", "-o", capture.toString(), "--", "sh", "-c", "cd " + tmp + " && " + PIPELINE);
        assertThat(run.status).as(run.toString()).isZero();
        // stderr is no terminal here: the summary is printed all the same
        assertThat(run.err.lines().collect(Collectors.toList())).singleElement()
                .satisfies(line -> assertThat(line).startsWith("sysql: recorded ").contains(capture.toString())
                        .contains("0 parse errors"));
    }

    /**
     * The snapshot ends before the first traced call, and the calls keep the times strace gave them: the
     * capture makes times non-decreasing in journal order, so a call stamped with a later snapshot read would
     * show as a run of equal times. A thread makes one call at a time, each at least microseconds long
     * under ptrace, so each thread's calls have strictly increasing times; across threads two calls may
     * share a microsecond, so the order across them is only non-decreasing.
     */
    @Test
    void timestampsIncreaseStrictlyAcrossTheSnapshotBoundary() throws SQLException {
        long lastSnapshotNum = Long.parseLong(one("SELECT MAX(num) FROM events WHERE " + SNAPSHOT));
        long lastSnapshotTs = Long.parseLong(one("SELECT MAX(ts) FROM events WHERE " + SNAPSHOT));
        List<String> calls = LeakHuntingTest.sql(capture, "SELECT num, tid, ts FROM events WHERE NOT " + SNAPSHOT
                + " AND type NOT IN ('procexit', 'signal', 'capture_end') ORDER BY num");
        assertThat(calls).hasSizeGreaterThan(100);
        assertThat(Long.parseLong(calls.get(0).split("\\|")[0])).isGreaterThan(lastSnapshotNum);
        assertThat(Long.parseLong(calls.get(0).split("\\|")[2])).isGreaterThan(lastSnapshotTs);
        Map<String, Long> lastOfThread = new HashMap<>();
        for (String row : calls) {
            String[] f = row.split("\\|");
            long ts = Long.parseLong(f[2]);
            Long before = lastOfThread.put(f[1], ts);
            assertThat(before == null ? lastSnapshotTs : before).as("event %s of thread %s", f[0], f[1]).isLessThan(ts);
        }
    }

    /** The snapshot holds the recorder's ancestors and itself; then strace and the command are introduced. */
    @Test
    void snapshotIsTheCommandsLineOfAncestors() throws SQLException {
        Set<String> lineage = new TreeSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            lineage.add(Long.toString(p.get().pid()));
        }
        Set<String> snapshot = new TreeSet<>(LeakHuntingTest.sql(capture,
                "SELECT DISTINCT pid FROM events WHERE type = 'snap_process'"));
        assertThat(snapshot).containsAll(lineage).hasSize(lineage.size() + 2);
        List<String> introduced = LeakHuntingTest.sql(capture, "SELECT name FROM processes AS OF (SELECT MAX(num)"
                + " FROM events WHERE " + SNAPSHOT + ") WHERE pid NOT IN (" + String.join(", ", lineage) + ")");
        // strace, and the copy of it that strace forked to exec the command
        assertThat(introduced).containsExactly("strace", "strace");
    }

    /** Every process the pipeline started, by its program and argv; the memory size of none was read. */
    @Test
    void startedProcessesSayWhatTheyAre() throws SQLException {
        List<String> rows = LeakHuntingTest.sql(capture, "SELECT DISTINCT name, args, vm_size_kb FROM processes_history"
                + " WHERE name IN ('sh', 'cat', 'grep', 'wc') AND pid IN (SELECT pid FROM events WHERE type = 'execve')"
                + " ORDER BY name");
        assertThat(rows).containsExactly("cat|cat f|null", "grep|grep x|null",
                "sh|sh -c cd " + tmp + " && " + PIPELINE + "|null", "wc|wc -l|null");
    }

    /**
     * strace prints at most snaplen bytes of each string. The recorded command's argv is known whole; a
     * child's is read from /proc while it runs (here for a second, far longer than its event takes to
     * arrive).
     */
    @Test
    void argumentsLongerThanTheSnaplenAreKeptWhole() throws SQLException {
        String child = "sleep 1; true # " + "x".repeat(300);
        String script = "sh -c \"" + child + "\"; true # " + "y".repeat(300);
        Path cap = tmp.resolve("long-argv");
        assertThat(Main.run("record", "-o", cap.toString(), "--", "sh", "-c", script)).isZero();
        assertThat(LeakHuntingTest.sql(cap, "SELECT args FROM events WHERE type = 'execve' AND NOT failed"
                + " AND path LIKE '%/sh' ORDER BY num")).containsExactly("sh -c " + script, "sh -c " + child);
    }

    private static String one(String query) throws SQLException {
        return LeakHuntingTest.sql(capture, query).get(0);
    }
}
