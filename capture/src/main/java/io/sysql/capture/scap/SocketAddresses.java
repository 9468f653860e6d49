package io.sysql.capture.scap;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import java.nio.ByteBuffer;

/** Decodes the driver's socket address and socket tuple parameters (family byte, then addresses). */
final class SocketAddresses {
    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;

    private SocketAddresses() {
    }

    static FdType fdType(int family) {
        switch (family) {
            case AF_INET:
                return FdType.IPV4;
            case AF_INET6:
                return FdType.IPV6;
            case AF_UNIX:
                return FdType.UNIX;
            case AF_NETLINK:
                return FdType.NETLINK;
            default:
                return FdType.OTHER;
        }
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
        if (family == AF_INET && len >= 7) {
            setEndpoint(e, local, ipv4(b, off + 1), port(b, off + 5));
        } else if (family == AF_INET6 && len >= 19) {
            setEndpoint(e, local, ipv6(b, off + 1), port(b, off + 17));
        } else if (family == AF_UNIX) {
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
        if (family == AF_INET && len >= 13) {
            setEndpoint(e, sourceIsLocal, ipv4(b, off + 1), port(b, off + 5));
            setEndpoint(e, !sourceIsLocal, ipv4(b, off + 7), port(b, off + 11));
        } else if (family == AF_INET6 && len >= 37) {
            setEndpoint(e, sourceIsLocal, ipv6(b, off + 1), port(b, off + 17));
            setEndpoint(e, !sourceIsLocal, ipv6(b, off + 19), port(b, off + 35));
        } else if (family == AF_UNIX && len >= 17) {
            e.path = unixPath(b, off + 17, off + len);
        }
    }

    private static void setFamily(Event e, int family) {
        e.sockFamily = family;
        e.fdType = fdType(family);
        if ((family == AF_INET || family == AF_INET6) && e.l4proto == null) {
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
        return (b.get(off) & 0xFF) + "." + (b.get(off + 1) & 0xFF) + "." + (b.get(off + 2) & 0xFF) + "."
                + (b.get(off + 3) & 0xFF);
    }

    static String ipv6(ByteBuffer b, int off) {
        if (isV4Mapped(b, off)) {
            return "::ffff:" + ipv4(b, off + 12);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b.get(off + 2 * i) & 0xFF) << 8) | (b.get(off + 2 * i + 1) & 0xFF);
        }
        return compress(groups);
    }

    private static boolean isV4Mapped(ByteBuffer b, int off) {
        for (int i = 0; i < 10; i++) {
            if (b.get(off + i) != 0) {
                return false;
            }
        }
        return b.get(off + 10) == (byte) 0xFF && b.get(off + 11) == (byte) 0xFF;
    }

    /** RFC 5952 text: the longest run of two or more zero groups becomes "::". */
    private static String compress(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static String unixPath(ByteBuffer b, int from, int to) {
        int end = from;
        while (end < to && b.get(end) != 0) {
            end++;
        }
        return end == from ? null : EventParams.decode(b, from, end - from);
    }
}
