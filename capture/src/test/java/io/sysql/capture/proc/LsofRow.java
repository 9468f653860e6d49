package io.sysql.capture.proc;

import io.sysql.capture.event.Event;

/**
 * One fd as "type name" in terms both lsof and the snapshot can be brought to. lsof names anonymous
 * inodes and unbound netlink sockets its own way, so for those only the type is compared.
 */
final class LsofRow {
    private static final String ANON = " (anonymous inode)";
    private static final String NETLINK = "netlink (netlink)";

    private LsofRow() {
    }

    static String typeAndName(String lsofType, String name, String inode) {
        switch (lsofType) {
            case "REG":
                return (name.startsWith("/memfd:") ? "memfd " : "file ") + name;
            case "CHR":
                return "file " + name;
            case "DIR":
                return "directory " + name;
            case "FIFO":
                return "pipe pipe:[" + inode + "]";
            case "IPv4":
                return "ipv4 " + name;
            case "IPv6":
                return "ipv6 " + name;
            case "unix":
                int type = name.lastIndexOf("type=");
                return "unix " + (type == 0 ? null : name.substring(0, type - 1));
            case "a_inode":
                return anonymousType(name) + ANON;
            case "netlink":
                return NETLINK;
            case "sock":
                return name.equals("protocol: NETLINK") ? NETLINK : "other " + name;
            default:
                return "other " + name;
        }
    }

    private static String anonymousType(String name) {
        if (name.startsWith("[eventfd")) {
            return "event";
        }
        if (name.startsWith("[eventpoll")) {
            return "eventpoll";
        }
        if (name.startsWith("[pidfd")) {
            return "pidfd";
        }
        if (name.startsWith("[signalfd")) {
            return "signalfd";
        }
        if (name.startsWith("[timerfd")) {
            return "timerfd";
        }
        return name.startsWith("inotify") ? "inotify" : "other";
    }

    static String ofSnapshot(Event e) {
        switch (e.fdType) {
            case EVENT:
            case EVENTPOLL:
            case PIDFD:
            case SIGNALFD:
            case TIMERFD:
            case INOTIFY:
                return e.fdType.sqlName() + ANON;
            case NETLINK:
                return NETLINK;
            case IPV6:
                return "ipv6 " + unmapped(e.path);
            default:
                return e.fdType.sqlName() + " " + e.path;
        }
    }

    /** lsof shows an IPv4-mapped IPv6 address as the IPv4 one, without brackets. */
    private static String unmapped(String name) {
        return name.replaceAll("\\[::ffff:([0-9.]+)]", "$1");
    }
}
