package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import java.util.Map;

/** open, openat, openat2, creat, chdir, fchdir. */
final class FileCalls {
    private FileCalls() {
    }

    private static final long CREAT_FLAGS = Constants.parse("O_CREAT|O_WRONLY|O_TRUNC");

    static void register(Map<String, SyscallDecoder> table) {
        table.put("open", (c, e, ctx) -> open(c, e, ctx, null, 0, c.num(1), c.num(2)));
        table.put("openat", (c, e, ctx) -> open(c, e, ctx, c.fd(0), 1, c.num(2), c.num(3)));
        table.put("openat2", (c, e, ctx) -> open(c, e, ctx, c.fd(0), 1, named(c, "flags"), named(c, "mode")));
        table.put("creat", (c, e, ctx) -> open(c, e, ctx, null, 0, CREAT_FLAGS, c.num(1)));
        table.put("chdir", FileCalls::chdir);
        table.put("fchdir", FileCalls::fchdir);
    }

    private static long named(Call c, String key) {
        String v = c.named(key);
        return v == null ? 0 : Constants.parse(v);
    }

    private static void open(Call c, Event e, DecodeContext ctx, FdRef dir, int pathArg, long flags, long mode) {
        if (dir != null && dir.fd == FdRef.AT_FDCWD) {
            ctx.setCwd(e.tid, dir.path());
        }
        e.flags = flags;
        e.mode = mode;
        EscapedString path = c.str(pathArg);
        e.path = path == null ? null : ctx.absolute(e.tid, dir == null ? null : dir.path(), path.utf8());
        boolean directory = (flags & Constants.O_DIRECTORY) != 0;
        Decoding.creates(c, e, directory ? FdType.DIRECTORY : FdType.FILE);
        if (directory && e.fdType == FdType.FILE) {
            e.fdType = FdType.DIRECTORY;
        }
    }

    private static void chdir(Call c, Event e, DecodeContext ctx) {
        EscapedString path = c.str(0);
        if (path != null) {
            e.path = ctx.absolute(e.tid, null, path.utf8());
            if (!c.failed()) {
                ctx.setCwd(e.tid, e.path);
            }
        }
    }

    private static void fchdir(Call c, Event e, DecodeContext ctx) {
        Decoding.actsOn(c, 0, e);
        e.fdType = FdType.DIRECTORY;
        if (!c.failed()) {
            ctx.setCwd(e.tid, e.path);
        }
    }
}
