package io.sysql.capture.strace;

import io.sysql.capture.event.Linux;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import java.util.Set;

/**
 * What {@code strace -yy} prints between the angle brackets after an fd: a file path (with device
 * numbers for devices: {@code /dev/null<char 1:3>}), a socket with its endpoints
 * ({@code TCP:[127.0.0.1:41234->127.0.0.1:8080]}, {@code UNIX-STREAM:[123->456,"/run/x.sock"]}),
 * {@code pipe:[1234]}, {@code anon_inode:[eventfd]}, {@code pid:42} and so on.
 */
final class FdDecoration {
    /** The IP protocols strace names in decorations (each also with a v6 suffix). */
    private static final Set<String> IP_PROTOCOLS = Set.of("TCP", "UDP", "UDPLITE", "RAW", "PING", "SCTP", "DCCP");

    FdType fdType;
    /** The file's path, a UNIX socket's path, or the kernel's name of the object (pipe:[1234]). */
    String path;
    int sockFamily;
    String l4proto;
    String localIp;
    int localPort;
    String remoteIp;
    int remotePort;

    /**
     * Reads a decoration.
     *
     * @param inner   the text between the outer angle brackets
     * @param deleted strace printed {@code (deleted)} after it (an unlinked file, a memfd)
     */
    static FdDecoration parse(String inner, boolean deleted) {
        FdDecoration d = new FdDecoration();
        if (inner.startsWith("/")) {
            d.file(inner, deleted);
        } else if (inner.startsWith("anon_inode:")) {
            d.anonInode(inner);
        } else if (inner.startsWith("pid:")) {
            d.fdType = FdType.PIDFD;
            d.path = inner;
        } else if (inner.startsWith("pipe:")) {
            d.fdType = FdType.PIPE;
            d.path = inner;
        } else if (inner.startsWith("UNIX")) {
            d.unix(inner);
        } else if (inner.startsWith("NETLINK:")) {
            d.fdType = FdType.NETLINK;
            d.sockFamily = Linux.AF_NETLINK;
        } else if (!d.ipSocket(inner)) {
            d.fdType = FdType.OTHER;
            d.path = inner;
        }
        return d;
    }

    /** Copies what the decoration tells onto the event (fields it does not know are left alone). */
    void applyTo(Event e) {
        e.fdType = fdType;
        if (path != null) {
            e.path = path;
        }
        if (sockFamily != 0) {
            e.sockFamily = sockFamily;
        }
        if (l4proto != null) {
            e.l4proto = l4proto;
        }
        if (localIp != null) {
            e.localIp = localIp;
            e.localPort = localPort;
        }
        if (remoteIp != null) {
            e.remoteIp = remoteIp;
            e.remotePort = remotePort;
        }
    }

    private void file(String inner, boolean deleted) {
        int device = inner.indexOf('<');
        String raw = device >= 0 ? inner.substring(0, device) : inner;
        path = EscapedString.unescape(raw) + (deleted ? " (deleted)" : "");
        fdType = raw.startsWith("/memfd:") ? FdType.MEMFD : FdType.FILE;
    }

    private void anonInode(String inner) {
        path = inner;
        switch (inner.substring("anon_inode:".length())) {
            case "[eventfd]": fdType = FdType.EVENT; break;
            case "[eventpoll]": fdType = FdType.EVENTPOLL; break;
            case "[signalfd]": fdType = FdType.SIGNALFD; break;
            case "[timerfd]": fdType = FdType.TIMERFD; break;
            case "inotify":
            case "[inotify]": fdType = FdType.INOTIFY; break;
            case "[pidfd]": fdType = FdType.PIDFD; break;
            default: fdType = FdType.OTHER;
        }
    }

    /** {@code UNIX:[ino]}, {@code UNIX-STREAM:[ino->peer]}, {@code UNIX-DGRAM:[ino,"path"]}, ... */
    private void unix(String inner) {
        fdType = FdType.UNIX;
        sockFamily = Linux.AF_UNIX;
        int quote = inner.indexOf('"');
        if (quote >= 0) {
            path = EscapedString.read(inner, quote).utf8();
        }
    }

    /** {@code TCP:[inode]}, {@code TCP:[local]}, {@code TCPv6:[[::1]:80->[::1]:5000]}, UDP, RAW, ... */
    private boolean ipSocket(String inner) {
        int colon = inner.indexOf(":[");
        if (colon <= 0 || !inner.endsWith("]")) {
            return false;
        }
        String proto = inner.substring(0, colon);
        boolean v6 = proto.endsWith("v6");
        String base = v6 ? proto.substring(0, proto.length() - 2) : proto;
        if (!IP_PROTOCOLS.contains(base)) {
            return false;
        }
        fdType = v6 ? FdType.IPV6 : FdType.IPV4;
        sockFamily = v6 ? Linux.AF_INET6 : Linux.AF_INET;
        l4proto = l4protoOf(base);
        String body = inner.substring(colon + 2, inner.length() - 1);
        if (body.chars().allMatch(Character::isDigit)) {
            return true; // only the inode: neither bound nor connected yet
        }
        int arrow = body.indexOf("->");
        Endpoint local = Endpoint.parse(arrow >= 0 ? body.substring(0, arrow) : body);
        localIp = local.ip;
        localPort = local.port;
        if (arrow >= 0) {
            Endpoint remote = Endpoint.parse(body.substring(arrow + 2));
            remoteIp = remote.ip;
            remotePort = remote.port;
        }
        return true;
    }

    private static String l4protoOf(String straceProto) {
        switch (straceProto) {
            case "TCP": return "tcp";
            case "UDP":
            case "UDPLITE": return "udp";
            case "RAW":
            case "PING": return "raw";
            default: return straceProto.toLowerCase();
        }
    }

    /** {@code 127.0.0.1:80} or {@code [::1]:80}. */
    static final class Endpoint {
        final String ip;
        final int port;

        private Endpoint(String ip, int port) {
            this.ip = ip;
            this.port = port;
        }

        static Endpoint parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0) {
                throw new StraceSyntaxException("not an endpoint: " + text);
            }
            String ip = text.substring(0, colon);
            if (ip.startsWith("[") && ip.endsWith("]")) {
                ip = ip.substring(1, ip.length() - 1);
            }
            try {
                return new Endpoint(ip, Integer.parseInt(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new StraceSyntaxException("not an endpoint: " + text);
            }
        }
    }
}
