package io.sysql.storage.history;

/** One version of a process incarnation. Immutable but for its end; a change makes a new version. */
public final class ProcessRow extends Version {
    public final long upid;
    public final int pid;
    public final int ppid;
    /** The parent's incarnation, or -1 when the parent is not in the capture. */
    public final long parentUpid;
    public final String name;
    public final String exe;
    public final String args;
    public final String cwd;
    public final int uid;
    public final String userName;
    public final int gid;
    public final String groupName;
    public final long startTs;
    public final long exitTs;
    public final int exitCode;
    public final int exitSignal;
    public final boolean exited;
    public final long vmSizeKb;
    public final long vmRssKb;
    public final long fdLimit;
    /** The pid inside the process's innermost pid namespace, or -1 when unknown. */
    public final int vpid;
    /** The container the process runs in, or null on the host; its name and image when known. */
    public final String containerId;
    public final String containerName;
    public final String containerImage;
    /**
     * ns its threads have run in user mode, summed over the threads whose CPU time an event told (alive
     * and exited); -1 while none was told.
     */
    public final long cpuUserNs;
    /** The same in the kernel. */
    public final long cpuSystemNs;

    public ProcessRow(long validFromNum, long validFromTs, long upid, int pid, int ppid, long parentUpid,
            String name, String exe, String args, String cwd, int uid, String userName, int gid,
            String groupName, long startTs, long exitTs, int exitCode, int exitSignal, boolean exited,
            long vmSizeKb, long vmRssKb, long fdLimit, int vpid, String containerId, String containerName,
            String containerImage, long cpuUserNs, long cpuSystemNs) {
        super(validFromNum, validFromTs);
        this.upid = upid;
        this.pid = pid;
        this.ppid = ppid;
        this.parentUpid = parentUpid;
        this.name = name;
        this.exe = exe;
        this.args = args;
        this.cwd = cwd;
        this.uid = uid;
        this.userName = userName;
        this.gid = gid;
        this.groupName = groupName;
        this.startTs = startTs;
        this.exitTs = exitTs;
        this.exitCode = exitCode;
        this.exitSignal = exitSignal;
        this.exited = exited;
        this.vmSizeKb = vmSizeKb;
        this.vmRssKb = vmRssKb;
        this.fdLimit = fdLimit;
        this.vpid = vpid;
        this.containerId = containerId;
        this.containerName = containerName;
        this.containerImage = containerImage;
        this.cpuUserNs = cpuUserNs;
        this.cpuSystemNs = cpuSystemNs;
    }

    /** The command line as ps shows it: the arguments, or the name in brackets when there are none. */
    public String cmdline() {
        return args == null || args.isEmpty() ? (name == null ? null : "[" + name + "]") : args;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a version to change a few fields into the next one. */
    public static final class Builder {
        public long upid;
        public int pid;
        public int ppid;
        public long parentUpid = -1;
        public String name;
        public String exe;
        public String args;
        public String cwd;
        public int uid = -1;
        public String userName;
        public int gid = -1;
        public String groupName;
        public long startTs;
        public long exitTs;
        public int exitCode;
        public int exitSignal;
        public boolean exited;
        public long vmSizeKb;
        public long vmRssKb;
        public long fdLimit;
        public int vpid = -1;
        public String containerId;
        public String containerName;
        public String containerImage;
        public long cpuUserNs = -1;
        public long cpuSystemNs = -1;

        public Builder() {
        }

        Builder(ProcessRow r) {
            upid = r.upid;
            pid = r.pid;
            ppid = r.ppid;
            parentUpid = r.parentUpid;
            name = r.name;
            exe = r.exe;
            args = r.args;
            cwd = r.cwd;
            uid = r.uid;
            userName = r.userName;
            gid = r.gid;
            groupName = r.groupName;
            startTs = r.startTs;
            exitTs = r.exitTs;
            exitCode = r.exitCode;
            exitSignal = r.exitSignal;
            exited = r.exited;
            vmSizeKb = r.vmSizeKb;
            vmRssKb = r.vmRssKb;
            fdLimit = r.fdLimit;
            vpid = r.vpid;
            containerId = r.containerId;
            containerName = r.containerName;
            containerImage = r.containerImage;
            cpuUserNs = r.cpuUserNs;
            cpuSystemNs = r.cpuSystemNs;
        }

        public ProcessRow build(long fromNum, long fromTs) {
            return new ProcessRow(fromNum, fromTs, upid, pid, ppid, parentUpid, name, exe, args, cwd, uid,
                    userName, gid, groupName, startTs, exitTs, exitCode, exitSignal, exited, vmSizeKb,
                    vmRssKb, fdLimit, vpid, containerId, containerName, containerImage, cpuUserNs, cpuSystemNs);
        }
    }
}
