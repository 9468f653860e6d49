package io.sysql.storage.history;

import io.sysql.capture.event.FdType;
import io.sysql.capture.event.Linux;

/** One version of an fd incarnation of a process. */
public final class FdRow extends Version {

    public final long ufd;
    public final long upid;
    public final int pid;
    /** The owning process's name while this version is valid (an exec re-versions its fds). */
    public final String procName;
    public final int fd;
    public final FdType type;
    public final String name;
    public final long flags;
    public final int sockFamily;
    public final String l4proto;
    public final boolean isServer;
    public final String localIp;
    public final int localPort;
    public final String remoteIp;
    public final int remotePort;
    public final String sockState;
    /** When this fd incarnation was opened (the first version's start). */
    public final long openedNum;
    public final long openedTs;

    public FdRow(long validFromNum, long validFromTs, long ufd, long upid, int pid, String procName, int fd,
            FdType type, String name, long flags, int sockFamily, String l4proto, boolean isServer,
            String localIp, int localPort, String remoteIp, int remotePort, String sockState, long openedNum,
            long openedTs) {
        super(validFromNum, validFromTs);
        this.ufd = ufd;
        this.upid = upid;
        this.pid = pid;
        this.procName = procName;
        this.fd = fd;
        this.type = type;
        this.name = name;
        this.flags = flags;
        this.sockFamily = sockFamily;
        this.l4proto = l4proto;
        this.isServer = isServer;
        this.localIp = localIp;
        this.localPort = localPort;
        this.remoteIp = remoteIp;
        this.remotePort = remotePort;
        this.sockState = sockState;
        this.openedNum = openedNum;
        this.openedTs = openedTs;
    }

    public boolean closeOnExec() {
        return (flags & Linux.O_CLOEXEC) != 0;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a version to change a few fields into the next one. */
    public static final class Builder {
        public long ufd;
        public long upid;
        public int pid;
        public String procName;
        public int fd;
        public FdType type = FdType.OTHER;
        public String name;
        public long flags;
        public int sockFamily;
        public String l4proto;
        public boolean isServer;
        public String localIp;
        public int localPort;
        public String remoteIp;
        public int remotePort;
        public String sockState;
        public long openedNum;
        public long openedTs;

        public Builder() {
        }

        Builder(FdRow r) {
            ufd = r.ufd;
            upid = r.upid;
            pid = r.pid;
            procName = r.procName;
            fd = r.fd;
            type = r.type;
            name = r.name;
            flags = r.flags;
            sockFamily = r.sockFamily;
            l4proto = r.l4proto;
            isServer = r.isServer;
            localIp = r.localIp;
            localPort = r.localPort;
            remoteIp = r.remoteIp;
            remotePort = r.remotePort;
            sockState = r.sockState;
            openedNum = r.openedNum;
            openedTs = r.openedTs;
        }

        /**
         * A socket's name: {@code local->remote}, the local end alone while unconnected (sysdig's fd.name
         * orders the ends client->server instead, so a server side's reads reversed).
         */
        public Builder nameFromEndpoints() {
            if (type != null && type.isIp() && localIp == null && remoteIp == null) {
                name = null; // no end known yet (a new socket): nameless, as such a socket of the fd list is
            } else if (type != null && type.isIp()) {
                String local = endpoint(localIp, localPort);
                name = remoteIp == null ? local : local + "->" + endpoint(remoteIp, remotePort);
            }
            return this;
        }

        private static String endpoint(String ip, int port) {
            if (ip == null) {
                return "";
            }
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
        }

        public FdRow build(long fromNum, long fromTs) {
            return new FdRow(fromNum, fromTs, ufd, upid, pid, procName, fd, type, name, flags, sockFamily,
                    l4proto, isServer, localIp, localPort, remoteIp, remotePort, sockState, openedNum,
                    openedTs);
        }
    }
}
