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

    public ThreadRow(long validFromNum, long validFromTs, long utid, int tid, int pid, long upid, String name,
            long startTs, long exitTs, boolean exited) {
        super(validFromNum, validFromTs);
        this.utid = utid;
        this.tid = tid;
        this.pid = pid;
        this.upid = upid;
        this.name = name;
        this.startTs = startTs;
        this.exitTs = exitTs;
        this.exited = exited;
    }

    public boolean isMain() {
        return tid == pid;
    }
}
