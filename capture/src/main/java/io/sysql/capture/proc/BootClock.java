package io.sysql.capture.proc;

import java.io.IOException;
import java.nio.file.Path;

/** Turns a process's start time, in clock ticks since boot, into wall-clock ns as ps does. */
final class BootClock {
    /** USER_HZ: what /proc counts ticks in on every Linux architecture sysql runs on. */
    static final long TICKS_PER_SECOND = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / TICKS_PER_SECOND;

    private final long bootWallNs;

    BootClock(long bootEpochSeconds) {
        this.bootWallNs = bootEpochSeconds * 1_000_000_000L;
    }

    /** Reads the boot time ("btime", seconds since the epoch) from {@code /proc/stat}. */
    static BootClock read(Path procRoot) throws IOException {
        String stat = ProcFiles.readAscii(procRoot.resolve("stat"));
        int at = stat.indexOf("\nbtime ");
        if (at < 0) {
            throw new IOException("no btime in " + procRoot.resolve("stat"));
        }
        int end = stat.indexOf('\n', at + 1);
        return new BootClock(Long.parseLong(stat.substring(at + 7, end < 0 ? stat.length() : end).trim()));
    }

    long wallNs(long ticksSinceBoot) {
        return bootWallNs + ticksSinceBoot * NANOS_PER_TICK;
    }
}
