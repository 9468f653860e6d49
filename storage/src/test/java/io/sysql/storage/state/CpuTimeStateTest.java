package io.sysql.storage.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.Linux;
import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.history.ThreadRow;
import org.junit.jupiter.api.Test;

/**
 * A thread's CPU time is the last an event told of it (a sample, a scap procinfo, its death); a process's is
 * its threads' summed, the exited ones' included, so a window's use is the difference between two points.
 */
class CpuTimeStateTest {
    private static final long MS = 1_000_000L;

    @Test
    void threadsTellTheirTimeAndTheProcessSumsItOverAliveAndExitedThreads() {
        Script s = new Script();
        s.process(100, 1, "app");
        long cloned = s.call(EventKinds.CLONE, 100, 100, 101,
                e -> e.flags = Linux.CLONE_THREAD | Linux.CLONE_FILES | Linux.CLONE_VM);
        assertThat(thread(s, 100, cloned).hasCpu()).as("unknown until told").isFalse();
        assertThat(process(s, cloned).cpuUserNs).isEqualTo(-1);

        long first = cpu(s, EventKinds.CPU_SAMPLE, 100, 30, 10);
        cpu(s, EventKinds.PROCINFO, 101, 20, 0);
        long both = s.num;
        assertThat(process(s, first).cpuUserNs + process(s, first).cpuSystemNs).isEqualTo(40 * MS);
        assertThat(process(s, both).cpuUserNs).isEqualTo(50 * MS);
        assertThat(process(s, both).cpuSystemNs).isEqualTo(10 * MS);

        int versions = s.history.threads().size();
        cpu(s, EventKinds.CPU_SAMPLE, 100, 30, 10);
        assertThat(s.history.threads().size()).as("an unchanged time makes no version").isEqualTo(versions);
        long unknown = cpu(s, EventKinds.CPU_SAMPLE, 999, 5, 5);
        assertThat(s.history.at(unknown).threads()).as("a sample creates no thread").noneMatch(t -> t.tid == 999);

        Event death = Event.of(EventKinds.PROCEXIT, 100, 101);
        death.cpuUserNs = 25 * MS;
        death.cpuSystemNs = 5 * MS;
        long died = s.apply(death);
        ThreadRow dead = thread(s, 101, died);
        assertThat(dead.exited).isTrue();
        assertThat(dead.cpuUserNs + dead.cpuSystemNs).as("its death tells its last time").isEqualTo(30 * MS);
        assertThat(process(s, died).cpuUserNs + process(s, died).cpuSystemNs).isEqualTo(70 * MS);

        long later = cpu(s, EventKinds.CPU_SAMPLE, 100, 50, 10);
        assertThat(process(s, later).cpuUserNs + process(s, later).cpuSystemNs)
                .as("the exited thread's time stays in the process's").isEqualTo(90 * MS);

        long exec = s.call(EventKinds.EXECVE, 100, 100, 0, e -> e.path = "/bin/next");
        assertThat(thread(s, 100, exec).cpuUserNs).as("a new program, the same task").isEqualTo(50 * MS);

        Event end = Event.of(EventKinds.PROCEXIT, 100, 100);
        end.cpuUserNs = 70 * MS;
        end.cpuSystemNs = 10 * MS;
        long ended = s.apply(end);
        ProcessRow atEnd = process(s, ended);
        assertThat(atEnd.exited).isTrue();
        assertThat(atEnd.cpuUserNs + atEnd.cpuSystemNs).isEqualTo(110 * MS);
        assertThat(atEnd.cpuUserNs + atEnd.cpuSystemNs - process(s, first).cpuUserNs - process(s, first).cpuSystemNs)
                .as("used between two points").isEqualTo(70 * MS);
    }

    private static long cpu(Script s, EventKind kind, int tid, long userMs, long systemMs) {
        Event e = Event.of(kind, 100, tid);
        e.cpuUserNs = userMs * MS;
        e.cpuSystemNs = systemMs * MS;
        return s.apply(e);
    }

    private static ProcessRow process(Script s, long at) {
        return s.processes(100, at).get(0);
    }

    private static ThreadRow thread(Script s, int tid, long at) {
        return s.history.at(at).threads().stream().filter(t -> t.tid == tid).findFirst().orElseThrow();
    }
}
