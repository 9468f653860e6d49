package io.sysql.capture.scap;

import io.sysql.capture.event.Linux;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.IpText;
import java.nio.ByteBuffer;

/** Decodes the driver's socket address and socket tuple parameters (family byte, then addresses). */
final class SocketAddresses {

    private SocketAddresses() {
    }

    /** A single address (bind, connect's enter): sets the local or the remote endpoint. */
    static void readAddress(EventParams p, int index, Event e, boolean local) {
        ByteBuffer b = p.buffer();
        int off = p.offset(index);
        int len = p.length(index);
        if (len < 1) {
            return;
        }
        int family = b.get(off) & 0xFF;
        setFamily(e, family);
        if (family == Linux.AF_INET && len >= 7) {
            setEndpoint(e, local, ipv4(b, off + 1), port(b, off + 5));
        } else if (family == Linux.AF_INET6 && len >= 19) {
            setEndpoint(e, local, ipv6(b, off + 1), port(b, off + 17));
        } else if (family == Linux.AF_UNIX) {
            e.path = unixPath(b, off + 1, off + len);
        }
    }

    /**
     * A tuple is written client first, server second: for connect the client is this end, for accept the
     * peer is.
     */
    static void readTuple(EventParams p, int index, Event e, boolean sourceIsLocal) {
        ByteBuffer b = p.buffer();
        int off = p.offset(index);
        int len = p.length(index);
        if (len < 1) {
            return;
        }
        int family = b.get(off) & 0xFF;
        setFamily(e, family);
        if (family == Linux.AF_INET && len >= 13) {
            setEndpoint(e, sourceIsLocal, ipv4(b, off + 1), port(b, off + 5));
            setEndpoint(e, !sourceIsLocal, ipv4(b, off + 7), port(b, off + 11));
        } else if (family == Linux.AF_INET6 && len >= 37) {
            setEndpoint(e, sourceIsLocal, ipv6(b, off + 1), port(b, off + 17));
            setEndpoint(e, !sourceIsLocal, ipv6(b, off + 19), port(b, off + 35));
        } else if (family == Linux.AF_UNIX && len >= 17) {
            e.path = unixPath(b, off + 17, off + len);
        }
    }

    private static void setFamily(Event e, int family) {
        e.sockFamily = family;
        e.fdType = FdType.ofSocketFamily(family);
        if ((family == Linux.AF_INET || family == Linux.AF_INET6) && e.l4proto == null) {
            e.l4proto = "tcp";
        }
    }

    private static void setEndpoint(Event e, boolean local, String ip, int port) {
        if (local) {
            e.localIp = ip;
            e.localPort = port;
        } else {
            e.remoteIp = ip;
            e.remotePort = port;
        }
    }

    static int port(ByteBuffer b, int off) {
        return b.getShort(off) & 0xFFFF;
    }

    /** Addresses are stored in network byte order whatever the file's byte order. */
    static String ipv4(ByteBuffer b, int off) {
        return IpText.ipv4(b, off);
    }

    static String ipv6(ByteBuffer b, int off) {
        return IpText.ipv6(b, off);
    }

    private static String unixPath(ByteBuffer b, int from, int to) {
        int end = from;
        while (end < to && b.get(end) != 0) {
            end++;
        }
        return end == from ? null : EventParams.decode(b, from, end - from);
    }
}
