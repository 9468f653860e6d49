package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import java.util.List;
import java.util.Map;

/**
 * Calls that close, duplicate or create fds other than files and sockets: close, close_range, dup*,
 * fcntl, pipe*, eventfd*, signalfd*, timerfd_create, inotify_init*, epoll_create*, memfd_create,
 * pidfd_open.
 */
final class FdCalls {
    private FdCalls() {
    }

    static void register(Map<String, SyscallDecoder> table) {
        table.put("close", (c, e, ctx) -> Decoding.actsOn(c, 0, e));
        table.put("close_range", FdCalls::closeRange);
        table.put("dup", (c, e, ctx) -> duplicate(c, e, 0));
        table.put("dup2", (c, e, ctx) -> duplicate(c, e, 0));
        table.put("dup3", (c, e, ctx) -> duplicate(c, e, c.num(2)));
        table.put("fcntl", FdCalls::fcntl);
        table.put("pipe", (c, e, ctx) -> pair(c, e, 0, 0));
        table.put("pipe2", (c, e, ctx) -> pair(c, e, 0, c.num(1)));
        table.put("eventfd", (c, e, ctx) -> Decoding.creates(c, e, FdType.EVENT));
        table.put("eventfd2", (c, e, ctx) -> createsWithFlags(c, e, FdType.EVENT, 1));
        table.put("signalfd", (c, e, ctx) -> signalfd(c, e, -1));
        table.put("signalfd4", (c, e, ctx) -> signalfd(c, e, 3));
        table.put("timerfd_create", (c, e, ctx) -> createsWithFlags(c, e, FdType.TIMERFD, 1));
        table.put("inotify_init", (c, e, ctx) -> Decoding.creates(c, e, FdType.INOTIFY));
        table.put("inotify_init1", (c, e, ctx) -> createsWithFlags(c, e, FdType.INOTIFY, 0));
        table.put("epoll_create", (c, e, ctx) -> Decoding.creates(c, e, FdType.EVENTPOLL));
        table.put("epoll_create1", (c, e, ctx) -> createsWithFlags(c, e, FdType.EVENTPOLL, 0));
        table.put("memfd_create", FdCalls::memfd);
        table.put("pidfd_open", (c, e, ctx) -> createsWithFlags(c, e, FdType.PIDFD, 1));
    }

    private static void createsWithFlags(Call c, Event e, FdType type, int flagsArg) {
        e.flags = c.num(flagsArg);
        Decoding.creates(c, e, type);
    }

    private static void closeRange(Call c, Event e, DecodeContext ctx) {
        e.fd = Decoding.fdNumber(c.arg(0));
        e.fd2 = Decoding.fdNumber(c.arg(1));
        e.flags = c.num(2);
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

    private static void fcntl(Call c, Event e, DecodeContext ctx) {
        Decoding.actsOn(c, 0, e);
        e.flags = c.num(1);
        e.mode = c.num(2);
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

    /** signalfd(fd, mask, size[, flags]): fd -1 creates one, another fd changes its mask. */
    private static void signalfd(Call c, Event e, int flagsArg) {
        Decoding.actsOn(c, 0, e);
        if (flagsArg >= 0) {
            e.flags = c.num(flagsArg);
        }
        Decoding.creates(c, e, FdType.SIGNALFD);
    }

    private static void memfd(Call c, Event e, DecodeContext ctx) {
        e.flags = c.num(1);
        Decoding.creates(c, e, FdType.MEMFD);
        EscapedString name = c.str(0);
        if (e.path == null && name != null) {
            e.path = "/memfd:" + name.utf8();
        }
    }
}
