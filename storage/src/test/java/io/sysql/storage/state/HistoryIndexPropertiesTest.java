package io.sysql.storage.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.Linux;
import io.sysql.capture.event.EventKinds;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.ProcessRow;
import io.sysql.storage.history.ThreadRow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The history index must answer "state AS OF N" exactly as a state machine that applied only the
 * first N events holds it live — whatever the events, and however the checkpoints fall.
 */
class HistoryIndexPropertiesTest {

    @Property(tries = 60)
    void stateAsOfAnyEventEqualsTheLiveStateAfterReplayingUpToIt(@ForAll("scripts") List<Event> script) {
        HistoryIndex full = new HistoryIndex();
        StateMachine machine = new StateMachine(full);
        for (Event e : script) {
            machine.apply(e.copy());
        }
        for (int n = 1; n <= script.size(); n += Math.max(1, script.size() / 40)) {
            HistoryIndex prefix = new HistoryIndex();
            StateMachine replay = new StateMachine(prefix);
            for (int i = 0; i < n; i++) {
                replay.apply(script.get(i).copy());
            }
            assertThat(describe(full.at(n))).as("AS OF %d", n).isEqualTo(describeOpen(prefix, n));
            assertThat(describe(full.at(n))).as("checkpointed AS OF %d", n).isEqualTo(bruteForce(full, n));
            for (int pid : new int[] {100, 101, 102, 103}) {
                long at = n;
                assertThat(full.fds().validAt(n, pid)).as("fds of pid %d AS OF %d", pid, n)
                        .isEqualTo(full.fds().validAt(n).stream().filter(f -> f.pid == pid).collect(Collectors.toList()));
                assertThat(full.threads().validAt(at, pid))
                        .isEqualTo(full.threads().validAt(at).stream().filter(t -> t.pid == pid).collect(Collectors.toList()));
            }
        }
        for (int pid : new int[] {100, 101, 102, 103}) {
            List<FdRow> ofPid = new ArrayList<>();
            full.fds().forEachOfPid(pid, ofPid::add);
            assertThat(ofPid).as("every fd version of pid %d, in opening order", pid)
                    .isEqualTo(full.fds().all().stream().filter(f -> f.pid == pid).collect(Collectors.toList()));
        }
    }

    private static List<String> bruteForce(HistoryIndex index, long n) {
        return Stream.of(index.processes().all().stream().filter(v -> v.validAt(n)).map(HistoryIndexPropertiesTest::describe),
                        index.threads().all().stream().filter(v -> v.validAt(n)).map(HistoryIndexPropertiesTest::describe),
                        index.fds().all().stream().filter(v -> v.validAt(n)).map(HistoryIndexPropertiesTest::describe))
                .flatMap(x -> x).sorted().collect(Collectors.toList());
    }

    private static List<String> describe(HistoryIndex.StateAt s) {
        return Stream.of(s.processes().stream().map(HistoryIndexPropertiesTest::describe),
                        s.threads().stream().map(HistoryIndexPropertiesTest::describe),
                        s.fds().stream().map(HistoryIndexPropertiesTest::describe))
                .flatMap(x -> x).sorted().collect(Collectors.toList());
    }

    /** What a machine that stopped after event n holds: its open versions, plus what died at n. */
    private static List<String> describeOpen(HistoryIndex prefix, long n) {
        return describe(prefix.at(n));
    }

    private static String describe(ProcessRow p) {
        return "p " + p.upid + " " + p.pid + " " + p.name + " " + p.exited + " " + p.cwd;
    }

    private static String describe(ThreadRow t) {
        return "t " + t.utid + " " + t.tid + " " + t.upid + " " + t.exited;
    }

    private static String describe(FdRow f) {
        return "f " + f.ufd + " " + f.upid + " " + f.fd + " " + f.name + " " + f.flags + " " + f.procName;
    }

    @Provide
    Arbitrary<List<Event>> scripts() {
        Arbitrary<Integer> pid = Arbitraries.of(100, 101, 102, 103);
        Arbitrary<Integer> fd = Arbitraries.integers().between(0, 12);
        Arbitrary<Event> open = Combinators.combine(pid, fd, Arbitraries.of("/a", "/b", "/c"))
                .as((p, f, path) -> call(EventKinds.OPENAT, p, f, e -> e.path = path));
        Arbitrary<Event> openCloexec = Combinators.combine(pid, fd)
                .as((p, f) -> call(EventKinds.OPENAT, p, f, e -> {
                    e.path = "/cloexec";
                    e.flags = Linux.O_CLOEXEC;
                }));
        Arbitrary<Event> close = Combinators.combine(pid, fd).as((p, f) -> call(EventKinds.CLOSE, p, 0, e -> e.fd = f));
        Arbitrary<Event> dup2 = Combinators.combine(pid, fd, fd).as((p, a, b) -> call(EventKinds.DUP2, p, b, e -> {
            e.fd = a;
            e.fd2 = b;
        }));
        Arbitrary<Event> fork = Combinators.combine(pid, pid).as((p, child) -> call(EventKinds.FORK, p, child, e -> { }));
        Arbitrary<Event> thread = Combinators.combine(pid, Arbitraries.integers().between(200, 205))
                .as((p, t) -> call(EventKinds.CLONE, p, t, e -> e.flags = 0x10000 | 0x400));
        Arbitrary<Event> exec = pid.map(p -> call(EventKinds.EXECVE, p, 0, e -> e.path = "/bin/x" + p));
        Arbitrary<Event> exit = pid.map(p -> {
            Event e = Event.of(EventKinds.PROCEXIT, p, p);
            e.exitCode = 1;
            return e;
        });
        Arbitrary<Event> chdir = pid.map(p -> call(EventKinds.CHDIR, p, 0, e -> e.path = "/d" + p));
        Arbitrary<Event> noop = pid.map(p -> call(EventKinds.READ, p, 10, e -> e.fd = 3));
        Arbitrary<Event> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, open), net.jqwik.api.Tuple.of(2, openCloexec), net.jqwik.api.Tuple.of(4, close),
                net.jqwik.api.Tuple.of(2, dup2), net.jqwik.api.Tuple.of(1, fork), net.jqwik.api.Tuple.of(1, thread),
                net.jqwik.api.Tuple.of(1, exec), net.jqwik.api.Tuple.of(1, exit), net.jqwik.api.Tuple.of(1, chdir),
                net.jqwik.api.Tuple.of(3, noop));
        return any.list().ofMinSize(1).ofMaxSize(1500).map(HistoryIndexPropertiesTest::number);
    }

    private static Event call(EventKind kind, int pid, long res, java.util.function.Consumer<Event> fill) {
        Event e = Event.of(kind, pid, pid);
        e.res = res;
        fill.accept(e);
        return e;
    }

    private static List<Event> number(List<Event> events) {
        List<Event> out = new ArrayList<>();
        long n = 0;
        for (Event e : events) {
            Event c = e.copy();
            c.num = ++n;
            c.ts = n * 10;
            out.add(c);
        }
        return out;
    }
}
