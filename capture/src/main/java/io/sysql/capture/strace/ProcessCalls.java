package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** clone, clone3, fork, vfork, execve, execveat, exit, exit_group and the setuid/setgid family. */
final class ProcessCalls {
    private ProcessCalls() {
    }

    /** The kernel keeps this many characters of the executable's base name as the thread's comm. */
    private static final int COMM_LENGTH = 15;

    static void register(Map<String, SyscallDecoder> table) {
        table.put("clone", ProcessCalls::cloneFlags);
        table.put("clone3", ProcessCalls::cloneFlags);
        table.put("fork", (c, e, ctx) -> e.flags = 0);
        table.put("vfork", (c, e, ctx) -> e.flags = Constants.CLONE_VM | Constants.CLONE_VFORK);
        table.put("execve", (c, e, ctx) -> exec(c, e, ctx, null, 0));
        table.put("execveat", ProcessCalls::execveat);
        table.put("exit", (c, e, ctx) -> e.exitCode = (int) c.num(0));
        table.put("exit_group", (c, e, ctx) -> e.exitCode = (int) c.num(0));
        table.put("setuid", (c, e, ctx) -> e.uid = id(c, 0));
        table.put("setreuid", (c, e, ctx) -> e.uid = id(c, 1));
        table.put("setresuid", (c, e, ctx) -> e.uid = id(c, 1));
        table.put("setgid", (c, e, ctx) -> e.gid = id(c, 0));
        table.put("setregid", (c, e, ctx) -> e.gid = id(c, 1));
        table.put("setresgid", (c, e, ctx) -> e.gid = id(c, 1));
    }

    /** The effective id a set*id call asks for; {@link Event#UNSET} when it leaves it unchanged (-1). */
    private static int id(Call c, int i) {
        long v = c.num(i);
        return v == -1 || v == 0xffffffffL ? Event.UNSET : (int) v;
    }

    private static void cloneFlags(Call c, Event e, DecodeContext ctx) {
        String flags = c.named("flags");
        e.flags = flags == null ? 0 : Constants.parse(flags);
    }

    private static void execveat(Call c, Event e, DecodeContext ctx) {
        FdRef dir = c.fd(0);
        EscapedString path = c.str(1);
        boolean emptyPath = (c.num(4) & Constants.AT_EMPTY_PATH) != 0 && path != null && path.bytes.length == 0;
        if (emptyPath && dir != null) {
            e.fd = dir.fd;
        }
        exec(c, e, ctx, dir, 1);
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
