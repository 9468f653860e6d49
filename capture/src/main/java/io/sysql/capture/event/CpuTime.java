package io.sysql.capture.event;

/**
 * A thread's CPU time into an event ({@link Event#cpuUserNs}, {@link Event#cpuSystemNs}), from what each
 * source has: clock ticks split by the kernel (/proc's stat, scap's procinfo), or an exact total beside
 * the kernel's tick-sampled split (a task's run time, utime and stime, read by the eBPF probe).
 */
public final class CpuTime {
    private CpuTime() {
    }

    /** User and system time in USER_HZ clock ticks. */
    public static void setTicks(Event e, long userTicks, long systemTicks) {
        e.cpuUserNs = userTicks * Linux.NANOS_PER_USER_HZ_TICK;
        e.cpuSystemNs = systemTicks * Linux.NANOS_PER_USER_HZ_TICK;
    }

    /**
     * An exact total divided in the proportion of the sampled user and system times, as the kernel's
     * cputime_adjust does for /proc (so both sources agree): all user time when neither was sampled.
     */
    public static void setSplit(Event e, long totalNs, long sampledUser, long sampledSystem) {
        long user = sampledSystem == 0 ? totalNs
                : sampledUser == 0 ? 0 : (long) ((double) totalNs * sampledUser / ((double) sampledUser + sampledSystem));
        e.cpuUserNs = user;
        e.cpuSystemNs = totalNs - user;
    }
}
