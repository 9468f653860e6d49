package io.sysql.storage.state;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.storage.history.ProcessRow;

import java.util.List;
import java.util.stream.Collectors;

/** Feeds hand-written events to a state machine, numbering them as the journal writer would. */
final class Script {
    final HistoryIndex history;
    final StateMachine machine;
    long num;

    Script() {
        this.history = new HistoryIndex();
        this.machine = new StateMachine(history);
    }

    /** Continues {@code history} (read back from its file) after its last event, as a reopened capture does. */
    Script(HistoryIndex history) {
        this.history = history;
        this.machine = StateMachine.resume(history);
        this.num = history.lastNum();
    }

    long apply(Event e) {
        e.num = ++num;
        e.ts = 1_000_000_000L * num;
        machine.apply(e);
        return num;
    }

    long process(int pid, int ppid, String name) {
        Event e = Event.of(EventKinds.SNAP_PROCESS, pid, pid);
        e.ppid = ppid;
        e.name = name;
        e.exe = "/usr/bin/" + name;
        e.args = name;
        e.uid = 0;
        e.gid = 0;
        e.startTs = 42;
        long n = apply(e);
        Event t = Event.of(EventKinds.SNAP_THREAD, pid, pid);
        t.name = name;
        apply(t);
        return n;
    }

    long call(EventKind kind, int pid, int tid, long res, java.util.function.Consumer<Event> fill) {
        Event e = Event.of(kind, pid, tid);
        e.res = res;
        if (res < 0) {
            e.errno = (int) -res;
            e.res = -1;
        }
        fill.accept(e);
        return apply(e);
    }

    long open(int pid, String path, int fd) {
        return call(EventKinds.OPENAT, pid, pid, fd, e -> e.path = path);
    }

    long open(int pid, String path, int fd, long flags) {
        return call(EventKinds.OPENAT, pid, pid, fd, e -> {
            e.path = path;
            e.flags = flags;
        });
    }

    long close(int pid, int fd) {
        return call(EventKinds.CLOSE, pid, pid, 0, e -> e.fd = fd);
    }

    long exit(int pid, int tid, int code) {
        Event e = Event.of(EventKinds.PROCEXIT, pid, tid);
        e.exitCode = code;
        return apply(e);
    }

    /** fd number -> name of the process's fds right after event {@code at}. */
    List<String> fds(int pid, long at) {
        return history.at(at).fds().stream().filter(f -> f.pid == pid)
                .sorted((a, b) -> Integer.compare(a.fd, b.fd))
                .map(f -> f.fd + "=" + f.name).collect(Collectors.toList());
    }

    FdRow fd(int pid, int fd, long at) {
        return history.at(at).fds().stream().filter(f -> f.pid == pid && f.fd == fd).findFirst().orElse(null);
    }

    List<ProcessRow> processes(int pid, long at) {
        return history.at(at).processes().stream().filter(p -> p.pid == pid).collect(Collectors.toList());
    }

    static FdType file() {
        return FdType.FILE;
    }
}
