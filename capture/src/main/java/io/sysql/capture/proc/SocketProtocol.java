package io.sysql.capture.proc;

import io.sysql.capture.event.Linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The protocol of a socket that no {@code /proc/net} table lists (not yet bound or connected, or of a
 * family without a table), as the kernel names it in the {@code system.sockprotoname} attribute of the
 * fd: "TCP", "UDPv6", "NETLINK"... It tells the kind of socket, not its endpoints.
 */
final class SocketProtocol {
    private static final String ATTRIBUTE = "system.sockprotoname";

    private SocketProtocol() {
    }

    /** Sets the fd's type, family and protocol; false when the kernel would not say or is unknown here. */
    static boolean describe(Event e, Path fdLink) {
        String name = protocolName(fdLink);
        if (name == null) {
            return false;
        }
        switch (name) {
            case "TCP":
            case "UDP":
            case "RAW":
                set(e, FdType.IPV4, Linux.AF_INET, name.toLowerCase());
                return true;
            case "TCPv6":
            case "UDPv6":
            case "RAWv6":
                set(e, FdType.IPV6, Linux.AF_INET6, name.substring(0, 3).toLowerCase());
                return true;
            case "UNIX":
                set(e, FdType.UNIX, Linux.AF_UNIX, null);
                return true;
            case "NETLINK":
                set(e, FdType.NETLINK, Linux.AF_NETLINK, null);
                return true;
            default:
                return false;
        }
    }

    private static void set(Event e, FdType type, int family, String l4proto) {
        e.fdType = type;
        e.sockFamily = family;
        e.l4proto = l4proto;
    }

    private static String protocolName(Path fdLink) {
        Libc libc = Libc.INSTANCE;
        if (libc == null) {
            return null;
        }
        byte[] value = new byte[32];
        long n = libc.getxattr(fdLink.toString(), ATTRIBUTE, value, value.length);
        if (n <= 0) {
            return null;
        }
        int end = 0;
        while (end < n && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.US_ASCII);
    }

    /** The C library's getxattr(2); null where it cannot be loaded (sockets then stay of type other). */
    interface Libc extends Library {
        Libc INSTANCE = load();

        long getxattr(String path, String name, byte[] value, long size);

        private static Libc load() {
            try {
                return Native.load("c", Libc.class);
            } catch (LinkageError unavailable) {
                return null;
            }
        }
    }
}
