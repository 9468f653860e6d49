package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKind.Arg;
import io.sysql.capture.event.EventKind.Shape;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.Linux;
import java.util.Map;

/** The open family, chdir, fchdir. */
final class FileCalls {
    private FileCalls() {
    }

    static void register(Map<Shape, SyscallDecoder> table) {
        table.put(Shape.OPEN, FileCalls::open);
        table.put(Shape.CHDIR, FileCalls::chdir);
        table.put(Shape.FCHDIR, FileCalls::fchdir);
    }

    /** open(path, flags, mode), openat(dir, path, flags, mode), openat2(dir, path, how), creat(path, mode). */
    private static void open(Call c, EventKind k, Event e, DecodeContext ctx) {
        int dirArg = k.argIndex(Arg.DIRFD);
        boolean how = k.argIndex(Arg.HOW) >= 0;
        long flags = how ? named(c, "flags") : Decoding.num(c, k, Arg.FLAGS, k.impliedFlags());
        long mode = how ? named(c, "mode") : Decoding.num(c, k, Arg.MODE, 0);
        open(c, e, ctx, dirArg < 0 ? null : c.fd(dirArg), k.argIndex(Arg.PATH), flags, mode);
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
        EscapedString path = pathArg < 0 ? null : c.str(pathArg);
        e.path = path == null ? null : ctx.absolute(e.tid, dir == null ? null : dir.path(), path.utf8());
        boolean directory = (flags & Linux.O_DIRECTORY) != 0;
        Decoding.creates(c, e, directory ? FdType.DIRECTORY : FdType.FILE);
        if (directory && e.fdType == FdType.FILE) {
            e.fdType = FdType.DIRECTORY;
        }
    }

    private static void chdir(Call c, EventKind k, Event e, DecodeContext ctx) {
        EscapedString path = c.str(0);
        if (path != null) {
            e.path = ctx.absolute(e.tid, null, path.utf8());
            if (!c.failed()) {
                ctx.setCwd(e.tid, e.path);
            }
        }
    }

    private static void fchdir(Call c, EventKind k, Event e, DecodeContext ctx) {
        Decoding.actsOn(c, 0, e);
        e.fdType = FdType.DIRECTORY;
        if (!c.failed()) {
            ctx.setCwd(e.tid, e.path);
        }
    }
}
