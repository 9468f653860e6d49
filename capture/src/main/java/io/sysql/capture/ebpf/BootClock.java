package io.sysql.capture.ebpf;

import com.sun.jna.Memory;

/**
 * Turns the kernel's {@code bpf_ktime_get_boot_ns} (time since boot, suspend included) into wall-clock
 * ns since the epoch, with an offset measured once when recording starts. A later step of the wall
 * clock (NTP, settimeofday) is not followed: timestamps of one capture stay monotonic.
 */
final class BootClock {
    private static final int SAMPLES = 5;

    private final long bootToWallNs;

    private BootClock(long bootToWallNs) {
        this.bootToWallNs = bootToWallNs;
    }

    /** Reads CLOCK_REALTIME between two CLOCK_BOOTTIME reads and keeps the tightest of a few samples. */
    static BootClock measure() {
        Memory ts = new Memory(16);
        long bestWidth = Long.MAX_VALUE;
        long bestOffset = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long before = read(ts, LibC.CLOCK_BOOTTIME);
            long wall = read(ts, LibC.CLOCK_REALTIME);
            long after = read(ts, LibC.CLOCK_BOOTTIME);
            if (after - before < bestWidth) {
                bestWidth = after - before;
                bestOffset = wall - (before + (after - before) / 2);
            }
        }
        return new BootClock(bestOffset);
    }

    private static long read(Memory ts, int clock) {
        LibC.INSTANCE.clock_gettime(clock, ts);
        return ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
    }

    long toWallNs(long bootNs) {
        return bootNs + bootToWallNs;
    }
}
