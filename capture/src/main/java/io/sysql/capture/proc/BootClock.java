package io.sysql.capture.proc;

import io.sysql.capture.event.Linux;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns times since boot (a process's start in clock ticks, as ps does; the kernel's boot-time ns of an eBPF
 * record) into wall-clock ns since the epoch, by the wall-clock time of boot. A later step of the wall clock
 * (NTP, settimeofday) is not followed: the times of one capture stay monotonic.
 */
public final class BootClock {
    private final long bootWallNs;

    private BootClock(long bootWallNs) {
        this.bootWallNs = bootWallNs;
    }

    /** Boot happened {@code bootWallNs} ns after the epoch (a measurement of the two clocks gives it). */
    public static BootClock bootedAt(long bootWallNs) {
        return new BootClock(bootWallNs);
    }

    /** Reads the boot time ("btime", seconds since the epoch) from {@code /proc/stat}. */
    static BootClock read(Path procRoot) throws IOException {
        String stat = ProcFiles.readAscii(procRoot.resolve("stat"));
        int at = stat.indexOf("\nbtime ");
        if (at < 0) {
            throw new IOException("no btime in " + procRoot.resolve("stat"));
        }
        int end = stat.indexOf('\n', at + 1);
        long seconds = Long.parseLong(stat.substring(at + 7, end < 0 ? stat.length() : end).trim());
        return new BootClock(seconds * 1_000_000_000L);
    }

    long wallNsOfTicks(long ticksSinceBoot) {
        return bootWallNs + ticksSinceBoot * Linux.NANOS_PER_USER_HZ_TICK;
    }

    public long wallNs(long nsSinceBoot) {
        return bootWallNs + nsSinceBoot;
    }
}
