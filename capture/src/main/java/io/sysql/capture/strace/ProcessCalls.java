package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKind.Arg;
import io.sysql.capture.event.EventKind.Shape;
import io.sysql.capture.event.Linux;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The clone family, the exec family, exit, exit_group and the setuid/setgid family. */
final class ProcessCalls {
    private ProcessCalls() {
    }

    /** The kernel keeps this many characters of the executable's base name as the thread's comm. */
    private static final int COMM_LENGTH = 15;

    static void register(Map<Shape, SyscallDecoder> table) {
        table.put(Shape.CLONE, ProcessCalls::cloneFlags);
        table.put(Shape.EXEC, ProcessCalls::exec);
        table.put(Shape.EXIT, (c, k, e, ctx) -> e.exitCode = (int) Decoding.num(c, k, Arg.STATUS, 0));
        table.put(Shape.SET_UID, (c, k, e, ctx) -> e.uid = id(c, k.argIndex(Arg.EUID)));
        table.put(Shape.SET_GID, (c, k, e, ctx) -> e.gid = id(c, k.argIndex(Arg.EGID)));
    }

    /** The effective id a set*id call asks for; {@link Event#UNSET} when it leaves it unchanged (-1). */
    private static int id(Call c, int i) {
        long v = c.num(i);
        return v == -1 || v == 0xffffffffL ? Event.UNSET : (int) v;
    }

    /** clone and clone3 name their flags; fork and vfork imply theirs. */
    private static void cloneFlags(Call c, EventKind k, Event e, DecodeContext ctx) {
        String flags = c.named("flags");
        e.flags = flags == null ? k.impliedFlags() : Constants.parse(flags);
    }

    /** execve(path, argv, envp); execveat(dir, path, argv, envp, flags) runs dir itself given AT_EMPTY_PATH. */
    private static void exec(Call c, EventKind k, Event e, DecodeContext ctx) {
        int pathArg = k.argIndex(Arg.PATH);
        int dirArg = k.argIndex(Arg.DIRFD);
        if (dirArg < 0) {
            exec(c, e, ctx, null, pathArg);
            return;
        }
        FdRef dir = c.fd(dirArg);
        EscapedString path = c.str(pathArg);
        boolean emptyPath = (Decoding.num(c, k, Arg.FLAGS, 0) & Linux.AT_EMPTY_PATH) != 0 && path != null
                && path.bytes.length == 0;
        if (emptyPath && dir != null) {
            e.fd = dir.fd;
        }
        exec(c, e, ctx, dir, pathArg);
        if (emptyPath && dir != null) {
            e.path = dir.path();
            e.exe = e.path;
            e.name = comm(e.path);
        }
    }

    private static void exec(Call c, Event e, DecodeContext ctx, FdRef dir, int pathArg) {
        EscapedString path = c.str(pathArg);
        if (path != null) {
            e.path = ctx.absolute(e.tid, dir == null ? null : dir.path(), path.utf8());
            e.exe = e.path;
            e.name = comm(e.path);
        }
        e.args = argv(c.array(pathArg + 1));
    }

    /** argv joined by single spaces; an argument strace cut short, or a cut list, ends in "...". */
    private static String argv(List<String> items) {
        StringJoiner joined = new StringJoiner(" ");
        for (String item : items) {
            if (item.startsWith("\"")) {
                EscapedString s = EscapedString.read(item, 0);
                joined.add(s.truncated ? s.utf8() + "..." : s.utf8());
            } else {
                joined.add(item);
            }
        }
        return joined.toString();
    }

    static String comm(String path) {
        if (path == null) {
            return null;
        }
        String base = path.substring(path.lastIndexOf('/') + 1);
        return base.length() > COMM_LENGTH ? base.substring(0, COMM_LENGTH) : base;
    }
}
