package io.sysql.storage.history;

/** One version of a container: what is known of it, and whether a process of it is still running. */
public final class ContainerRow extends Version {
    /** Dense per capture, in order of first sight: the container's key in the version list. */
    public final long ucid;
    public final String id;
    public final String name;
    public final String image;
    public final String runtime;
    public final long firstSeenTs;
    /** When its last process in the capture ended; 0 while one runs or none was seen. */
    public final long lastSeenTs;

    public ContainerRow(long validFromNum, long validFromTs, long ucid, String id, String name, String image,
            String runtime, long firstSeenTs, long lastSeenTs) {
        super(validFromNum, validFromTs);
        this.ucid = ucid;
        this.id = id;
        this.name = name;
        this.image = image;
        this.runtime = runtime;
        this.firstSeenTs = firstSeenTs;
        this.lastSeenTs = lastSeenTs;
    }
}
