package io.sysql.capture.ebpf;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.sysql.capture.proc.BootClock;

/** The libc calls the ring buffer reader, its scheduling and the clock need. Errors: -1 or MAP_FAILED, errno set. */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int PROT_READ = 0x1;
    int PROT_WRITE = 0x2;
    int MAP_SHARED = 0x01;
    long MAP_FAILED = -1L;
    int CLOCK_REALTIME = 0;
    int CLOCK_BOOTTIME = 7;
    int SCHED_OTHER = 0;
    int SCHED_IDLE = 5;
    long SYS_GETTID = 186; // x86_64, the only architecture the BPF object is built for

    long syscall(long number);

    /** {@code param} is struct sched_param: one int, the static priority (0 for these policies). */
    int sched_setscheduler(int tid, int policy, int[] param);

    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    int munmap(Pointer addr, long length);

    int clock_gettime(int clockId, Pointer timespec);

    int geteuid();

    int getpagesize();

    String strerror(int errnum);

    /**
     * The wall-clock time of boot, for the kernel's {@code bpf_ktime_get_boot_ns} (suspend included): reads
     * CLOCK_REALTIME between two CLOCK_BOOTTIME reads and keeps the tightest of a few samples.
     */
    static BootClock bootClock() {
        Memory ts = new Memory(16);
        long bestWidth = Long.MAX_VALUE;
        long bestOffset = 0;
        for (int i = 0; i < 5; i++) {
            long before = clockNs(ts, CLOCK_BOOTTIME);
            long wall = clockNs(ts, CLOCK_REALTIME);
            long after = clockNs(ts, CLOCK_BOOTTIME);
            if (after - before < bestWidth) {
                bestWidth = after - before;
                bestOffset = wall - (before + (after - before) / 2);
            }
        }
        return BootClock.bootedAt(bestOffset);
    }

    private static long clockNs(Memory ts, int clock) {
        INSTANCE.clock_gettime(clock, ts);
        return ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
    }
}
