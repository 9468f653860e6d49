package io.sysql.capture.proc;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Users of {@code passwd} and groups of {@code group} as snap_user / snap_group events. */
final class Accounts {
    private Accounts() {
    }

    static void emitUsers(Path passwd, long ts, EventSink sink, SourceCounters counters) {
        for (String[] f : entries(passwd, 7, counters)) {
            Event e = new Event();
            e.kind = EventKinds.SNAP_USER;
            e.ts = ts;
            e.name = f[0];
            e.uid = id(f[2]);
            e.gid = id(f[3]);
            e.home = f[5];
            e.shell = f[6];
            sink.accept(e);
        }
    }

    static void emitGroups(Path group, long ts, EventSink sink, SourceCounters counters) {
        for (String[] f : entries(group, 4, counters)) {
            Event e = new Event();
            e.kind = EventKinds.SNAP_GROUP;
            e.ts = ts;
            e.name = f[0];
            e.gid = id(f[2]);
            sink.accept(e);
        }
    }

    /** The well-formed lines of a colon-separated file; malformed ones are counted as parse errors. */
    private static List<String[]> entries(Path file, int fields, SourceCounters counters) {
        List<String[]> out = new ArrayList<>();
        String text;
        try {
            text = ProcFiles.readUtf8(file);
        } catch (NoSuchFileException absent) {
            return out;
        } catch (IOException unreadable) {
            counters.increment(SourceCounters.PERMISSION_DENIED);
            return out;
        }
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length < fields || !isId(f[2]) || (fields > 4 && !isId(f[3]))) {
                counters.increment(SourceCounters.PARSE_ERRORS);
                continue;
            }
            out.add(f);
        }
        return out;
    }

    /** Ids are unsigned 32-bit; the event holds them in an int, as the kernel's uid_t bits. */
    private static int id(String digits) {
        return (int) Long.parseLong(digits);
    }

    private static boolean isId(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(s) <= 0xffffffffL;
    }
}
