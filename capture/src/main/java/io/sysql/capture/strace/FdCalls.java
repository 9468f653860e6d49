package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKind.Arg;
import io.sysql.capture.event.EventKind.Shape;
import io.sysql.capture.event.FdType;
import java.util.List;
import java.util.Map;

/** Calls that close, duplicate or create fds other than files and sockets. */
final class FdCalls {
    private FdCalls() {
    }

    static void register(Map<Shape, SyscallDecoder> table) {
        table.put(Shape.FD, FdCalls::actsOn);
        table.put(Shape.CLOSE_RANGE, FdCalls::closeRange);
        table.put(Shape.DUP, (c, k, e, ctx) -> duplicate(c, e, Decoding.num(c, k, Arg.FLAGS, 0)));
        table.put(Shape.FCNTL, FdCalls::fcntl);
        table.put(Shape.PIPE, (c, k, e, ctx) -> pair(c, e, k.argIndex(Arg.FD_PAIR), Decoding.num(c, k, Arg.FLAGS, 0)));
        table.put(Shape.NEW_FD, FdCalls::newFd);
        table.put(Shape.COPY_FD, FdCalls::copyFd);
    }

    /**
     * pidfd_getfd(pidfd, targetfd, flags): strace decorates the target fd with what it is in the other
     * process, and the copy with what it is in the caller.
     */
    private static void copyFd(Call c, EventKind k, Event e, DecodeContext ctx) {
        FdRef pidfd = c.fd(k.argIndex(Arg.FD));
        FdRef target = c.fd(k.argIndex(Arg.FD2));
        if (pidfd != null) {
            e.fd = pidfd.fd;
        }
        if (target != null) {
            e.fd2 = target.fd;
        }
        e.flags = Decoding.num(c, k, Arg.FLAGS, 0);
        if (c.resDecoration != null) {
            c.resDecoration.applyTo(e);
        }
    }

    /** The call acts on an fd (close, shutdown, getsockname...), with flags for some. */
    private static void actsOn(Call c, EventKind k, Event e, DecodeContext ctx) {
        Decoding.actsOn(c, k.argIndex(Arg.FD), e);
        e.flags = Decoding.num(c, k, Arg.FLAGS, 0);
    }

    private static void closeRange(Call c, EventKind k, Event e, DecodeContext ctx) {
        e.fd = Decoding.fdNumber(c.arg(k.argIndex(Arg.FD)));
        e.fd2 = Decoding.fdNumber(c.arg(k.argIndex(Arg.FD2)));
        e.flags = Decoding.num(c, k, Arg.FLAGS, 0);
    }

    /** dup: fd = old; dup2/dup3: fd = old, fd2 = target (whose decoration names what it replaces). */
    private static void duplicate(Call c, Event e, long flags) {
        Decoding.actsOn(c, 0, e);
        FdRef target = c.fd(1);
        if (target != null) {
            e.fd2 = target.fd;
        }
        e.flags = flags;
        if (c.resDecoration != null) {
            c.resDecoration.applyTo(e);
        }
    }

    private static void fcntl(Call c, EventKind k, Event e, DecodeContext ctx) {
        Decoding.actsOn(c, k.argIndex(Arg.FD), e);
        e.flags = Decoding.num(c, k, Arg.FLAGS, 0);
        e.mode = Decoding.num(c, k, Arg.MODE, 0);
    }

    /** pipe/pipe2/socketpair: {@code [3<pipe:[1]>, 4<pipe:[1]>]} in argument {@code i}. */
    static void pair(Call c, Event e, int i, long flags) {
        e.flags = flags;
        List<String> ends = c.array(i);
        if (ends.size() != 2) {
            return; // failed: strace printed the pointer
        }
        FdRef first = FdRef.parse(ends.get(0));
        FdRef second = FdRef.parse(ends.get(1));
        if (first == null || second == null) {
            return;
        }
        e.fd = first.fd;
        e.fd2 = second.fd;
        if (first.decoration != null) {
            first.decoration.applyTo(e);
        } else {
            e.fdType = FdType.PIPE;
        }
    }

    /**
     * A call that creates an fd of the kind its row names: eventfd, timerfd_create, memfd_create (whose name
     * argument names the fd), signalfd (whose fd argument is -1 to create one, another fd to change its mask).
     */
    private static void newFd(Call c, EventKind k, Event e, DecodeContext ctx) {
        int fdArg = k.argIndex(Arg.FD);
        if (fdArg >= 0) {
            Decoding.actsOn(c, fdArg, e);
        }
        e.flags = Decoding.num(c, k, Arg.FLAGS, 0);
        e.targetPid = (int) Decoding.num(c, k, Arg.PID, Event.UNSET);
        Decoding.creates(c, e, k.creates());
        int nameArg = k.argIndex(Arg.PATH);
        EscapedString name = nameArg < 0 ? null : c.str(nameArg);
        if (e.path == null && name != null) {
            e.path = "/memfd:" + name.utf8();
        }
    }
}
