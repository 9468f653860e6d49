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

    public ThreadRow(long validFromNum, long validFromTs, long utid, int tid, int pid, long upid, String name,
            long startTs, long exitTs, boolean exited, int vtid) {
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
    }

    public boolean isMain() {
        return tid == pid;
    }
}
