package io.sysql.storage.history;

/** One version of a thread incarnation. */
public final class ThreadRow extends Version {
    public final long utid;
    public final int tid;
    public final int pid;
    public final long upid;
    public final String name;
    public final long startTs;
    public final long exitTs;
    public final boolean exited;
    /** The tid inside the thread's innermost pid namespace, or -1 when unknown. */
    public final int vtid;
    /** ns the thread has run in user mode since it started, as last told; -1 until an event tells it. */
    public final long cpuUserNs;
    /** ns the thread has run in the kernel since it started, as last told; -1 until an event tells it. */
    public final long cpuSystemNs;

    public ThreadRow(long validFromNum, long validFromTs, long utid, int tid, int pid, long upid, String name,
            long startTs, long exitTs, boolean exited, int vtid, long cpuUserNs, long cpuSystemNs) {
        super(validFromNum, validFromTs);
        this.utid = utid;
        this.tid = tid;
        this.pid = pid;
        this.upid = upid;
        this.name = name;
        this.startTs = startTs;
        this.exitTs = exitTs;
        this.exited = exited;
        this.vtid = vtid;
        this.cpuUserNs = cpuUserNs;
        this.cpuSystemNs = cpuSystemNs;
    }

    /** The next version, from event {@code fromNum}, with this CPU time. */
    public ThreadRow withCpu(long fromNum, long fromTs, long userNs, long systemNs) {
        return new ThreadRow(fromNum, fromTs, utid, tid, pid, upid, name, startTs, exitTs, exited, vtid, userNs,
                systemNs);
    }

    public boolean hasCpu() {
        return cpuUserNs >= 0;
    }

    public boolean isMain() {
        return tid == pid;
    }
}
