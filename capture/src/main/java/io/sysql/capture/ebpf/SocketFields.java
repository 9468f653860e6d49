package io.sysql.capture.ebpf;

import io.sysql.capture.event.Linux;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.IpTextCache;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Socket facts of a record into an event: what the kernel's struct sock says (family, protocol, both
 * endpoints, the real port after a bind to port 0) and the sockaddr the call passed or received. One per
 * decoding thread: it keeps the text of the addresses it saw last.
 */
final class SocketFields {

    private final IpTextCache ipText = new IpTextCache();

    static String l4proto(int family, int type, int protocol) {
        if (family != Linux.AF_INET && family != Linux.AF_INET6) {
            return null;
        }
        if (protocol == Linux.IPPROTO_TCP) {
            return "tcp";
        }
        if (protocol == Linux.IPPROTO_UDP) {
            return "udp";
        }
        return type == Linux.SOCK_RAW ? "raw" : null;
    }

    /** The kernel's view of the socket, when the record has one; returns whether it had. */
    boolean fromKernel(ByteBuffer b, int rec, Event e) {
        int family = b.getShort(rec + RecordLayout.SK_FAMILY) & 0xffff;
        if (family == 0) {
            return false;
        }
        e.sockFamily = family;
        e.fdType = FdType.ofSocketFamily(family);
        e.l4proto = l4proto(family, b.getShort(rec + RecordLayout.SK_TYPE) & 0xffff,
                b.getShort(rec + RecordLayout.SK_PROTO) & 0xffff);
        if (family != Linux.AF_INET && family != Linux.AF_INET6) {
            return true;
        }
        int localPort = b.getShort(rec + RecordLayout.SK_LPORT) & 0xffff;
        int remotePort = b.getShort(rec + RecordLayout.SK_RPORT) & 0xffff;
        boolean v4 = family == Linux.AF_INET;
        String local = v4 ? ipText.ipv4(b, rec + RecordLayout.SK_LADDR) : ipText.ipv6(b, rec + RecordLayout.SK_LADDR);
        String remote = v4 ? ipText.ipv4(b, rec + RecordLayout.SK_RADDR) : ipText.ipv6(b, rec + RecordLayout.SK_RADDR);
        if (localPort != 0 || !isAny(local)) {
            e.localIp = local;
            e.localPort = localPort;
        }
        if (remotePort != 0) {
            e.remoteIp = remote;
            e.remotePort = remotePort;
        }
        return true;
    }

    /**
     * A sockaddr the call passed or received, filling the local or the remote side where the kernel's
     * view left it empty (a failed connect, an unconnected UDP peer); a unix socket's path goes to
     * {@code path}.
     */
    void fromSockaddr(ByteBuffer b, int offset, int length, boolean local, Event e) {
        if (length < 2) {
            return;
        }
        int family = b.getShort(offset) & 0xffff;
        if (e.sockFamily == 0) {
            e.sockFamily = family;
            e.fdType = FdType.ofSocketFamily(family);
        }
        if (family == Linux.AF_UNIX) {
            e.path = unixPath(b, offset + 2, length - 2);
            return;
        }
        String ip;
        if (family == Linux.AF_INET && length >= 8) {
            ip = ipText.ipv4(b, offset + 4);
        } else if (family == Linux.AF_INET6 && length >= 24) {
            ip = ipText.ipv6(b, offset + 8);
        } else {
            return;
        }
        int port = Short.toUnsignedInt(Short.reverseBytes(b.getShort(offset + 2)));
        if (local && e.localIp == null) {
            e.localIp = ip;
            e.localPort = port;
        } else if (!local && e.remoteIp == null) {
            e.remoteIp = ip;
            e.remotePort = port;
        }
    }

    /** sun_path: up to its NUL; an abstract name (leading NUL) as "@name", as ss prints it. */
    private static String unixPath(ByteBuffer b, int offset, int length) {
        if (length <= 0) {
            return null;
        }
        boolean isAbstract = b.get(offset) == 0;
        int start = isAbstract ? offset + 1 : offset;
        int end = start;
        int limit = offset + length;
        while (end < limit && (isAbstract || b.get(end) != 0)) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        b.get(start, bytes);
        String name = new String(bytes, StandardCharsets.UTF_8);
        return isAbstract ? "@" + name : (name.isEmpty() ? null : name);
    }

    private static boolean isAny(String ip) {
        return ip.equals("0.0.0.0") || ip.equals("::");
    }
}
