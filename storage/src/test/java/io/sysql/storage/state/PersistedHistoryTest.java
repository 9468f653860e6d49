package io.sysql.storage.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.HistoryIndexFile;
import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.history.ThreadRow;
import io.sysql.storage.history.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A history index read back from its file answers as the one that was written: every version of every
 * list, and the state AS OF any event, whether or not its versions were read before; and a capture
 * recorded further continues it as the live one. Large enough (more than 70,000 fd versions, names shared by many
 * and names used once) that the writer's buffer is flushed many times.
 */
class PersistedHistoryTest {
    @TempDir
    Path tmp;

    @Test
    void indexReadBackEqualsTheWrittenOne() throws Exception {
        Script s = new Script();
        for (int pid = 100; pid < 103; pid++) {
            s.process(pid, 1, "app" + pid);
        }
        for (int i = 0; i < 80_000; i++) {
            int pid = 100 + i % 3;
            // a few names that every chunk repeats, and some that occur once
            String path = i % 7 == 0 ? "/tmp/once-" + i : "/var/log/app-" + i % 5 + ".log";
            s.open(pid, path, 3 + i % 4);
            if (i % 4 == 3) {
                for (int fd = 3; fd < 7; fd++) {
                    s.close(pid, fd);
                }
            }
        }
        long exited = s.exit(101, 101, 3);
        s.open(100, "/after/exit", 9);
        assertThat(s.history.fds().size()).as("many buffers of fd versions").isGreaterThan(70_000);

        Path file = tmp.resolve(HistoryIndexFile.FILE_NAME);
        HistoryIndexFile.write(s.history, file);
        HistoryIndex read = HistoryIndexFile.read(file);

        assertThat(read.lastNum()).isEqualTo(s.history.lastNum());
        assertThat(read.firstTs()).isEqualTo(s.history.firstTs());
        assertThat(read.lastTs()).isEqualTo(s.history.lastTs());
        assertThat(describe(read.processes().all(), PersistedHistoryTest::describe))
                .isEqualTo(describe(s.history.processes().all(), PersistedHistoryTest::describe));
        assertThat(describe(read.threads().all(), PersistedHistoryTest::describe))
                .isEqualTo(describe(s.history.threads().all(), PersistedHistoryTest::describe));
        assertThat(describe(read.fds().all(), PersistedHistoryTest::describe))
                .isEqualTo(describe(s.history.fds().all(), PersistedHistoryTest::describe));
        for (long n : new long[] {1, 5_000, 33_333, 70_001, exited, s.num}) {
            assertThat(stateAt(read, n)).as("AS OF %d", n).isEqualTo(stateAt(s.history, n));
        }
        assertThat(stateAt(read, exited)).anyMatch(row -> row.contains("p 101 app101 exited=true"));
    }

    @Test
    void indexReadBackAnswersAtAPointBeforeAnyVersionIsReadWholeAndContinuesAsTheLiveOne() throws Exception {
        Script live = new Script();
        for (int pid = 100; pid < 103; pid++) {
            live.process(pid, 1, "app" + pid);
        }
        churn(live, 0, 5_000);
        long exited = live.exit(102, 102, 0);
        Path file = tmp.resolve(HistoryIndexFile.FILE_NAME);
        HistoryIndexFile.write(live.history, file);

        HistoryIndex read = HistoryIndexFile.read(file);
        long[] points = {1, 2_345, exited - 1, exited, live.num};
        for (long n : points) {
            assertThat(stateAt(read, n)).as("AS OF %d", n).isEqualTo(stateAt(live.history, n));
            assertThat(describe(read.fds().validAt(n, 101), PersistedHistoryTest::describe)).as("pid 101 AS OF %d", n)
                    .isEqualTo(describe(live.history.fds().validAt(n, 101), PersistedHistoryTest::describe));
        }

        Script resumed = new Script(HistoryIndexFile.read(file));
        churn(live, 5_000, 9_000);
        churn(resumed, 5_000, 9_000);
        live.open(100, "/at/the/end", 11);
        resumed.open(100, "/at/the/end", 11);
        assertThat(describe(resumed.history.fds().all(), PersistedHistoryTest::describe))
                .isEqualTo(describe(live.history.fds().all(), PersistedHistoryTest::describe));
        for (long n : new long[] {1, exited, exited + 1, 9_999, live.num}) {
            assertThat(stateAt(resumed.history, n)).as("AS OF %d", n).isEqualTo(stateAt(live.history, n));
        }
    }

    /** Opens and closes files in processes 100 and 101, steps {@code from..to-1}. */
    private static void churn(Script s, int from, int to) {
        for (int i = from; i < to; i++) {
            int pid = 100 + i % 2;
            s.open(pid, i % 3 == 0 ? "/tmp/once-" + i : "/var/log/app-" + i % 5 + ".log", 3 + i % 4);
            if (i % 4 == 3) {
                for (int fd = 3; fd < 7; fd++) {
                    s.close(pid, fd);
                }
            }
        }
    }

    private static List<String> stateAt(HistoryIndex index, long n) {
        HistoryIndex.StateAt at = index.at(n);
        return java.util.stream.Stream.of(describe(at.processes(), PersistedHistoryTest::describe),
                        describe(at.threads(), PersistedHistoryTest::describe),
                        describe(at.fds(), PersistedHistoryTest::describe))
                .flatMap(List::stream).sorted().collect(Collectors.toList());
    }

    private static <V extends Version> List<String> describe(List<V> versions, Function<V, String> row) {
        return versions.stream().map(v -> v.validFromNum + ".." + v.validToNum() + " " + v.validToTs() + " " + row.apply(v))
                .collect(Collectors.toList());
    }

    private static String describe(ProcessRow p) {
        return "p " + p.pid + " " + p.name + " exited=" + p.exited + " " + p.upid + " " + p.exe + " " + p.args
                + " " + p.cwd + " " + p.exitCode;
    }

    private static String describe(ThreadRow t) {
        return "t " + t.tid + " " + t.utid + " " + t.upid + " " + t.name + " " + t.exited;
    }

    private static String describe(FdRow f) {
        return "f " + f.pid + " " + f.fd + " " + f.ufd + " " + f.name + " " + f.type + " " + f.flags + " "
                + f.procName + " " + f.openedNum;
    }
}
