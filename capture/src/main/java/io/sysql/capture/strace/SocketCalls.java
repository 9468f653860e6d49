package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import java.util.Map;

/** socket, socketpair, bind, listen, connect, accept, accept4, shutdown. */
final class SocketCalls {
    private SocketCalls() {
    }

    private static final long SOCK_TYPE_MASK = 0xf;
    private static final long SOCK_STREAM = 1;
    private static final long SOCK_DGRAM = 2;
    private static final long SOCK_RAW = 3;

    static void register(Map<String, SyscallDecoder> table) {
        table.put("socket", SocketCalls::socket);
        table.put("socketpair", SocketCalls::socketpair);
        table.put("bind", (c, e, ctx) -> address(c, e, true));
        table.put("connect", (c, e, ctx) -> address(c, e, false));
        table.put("listen", SocketCalls::listen);
        table.put("accept", (c, e, ctx) -> accept(c, e, 0));
        table.put("accept4", (c, e, ctx) -> accept(c, e, c.num(3)));
        table.put("shutdown", (c, e, ctx) -> {
            Decoding.actsOn(c, 0, e);
            e.flags = c.num(1);
        });
    }

    private static void socket(Call c, Event e, DecodeContext ctx) {
        e.sockFamily = (int) c.num(0);
        e.flags = c.num(1);
        e.mode = c.num(2);
        Decoding.creates(c, e, typeOf(e.sockFamily));
        if (e.l4proto == null && e.fdType.isIp()) {
            e.l4proto = l4protoOf(e.flags & SOCK_TYPE_MASK);
        }
    }

    private static void socketpair(Call c, Event e, DecodeContext ctx) {
        FdCalls.pair(c, e, 3, c.num(1));
        e.sockFamily = (int) c.num(0);
        e.mode = c.num(2);
        if (e.fdType == null || e.fdType == FdType.PIPE) {
            e.fdType = typeOf(e.sockFamily);
        }
    }

    /** bind and connect: the address argument is the new local or remote end. */
    private static void address(Call c, Event e, boolean local) {
        Decoding.actsOn(c, 0, e);
        SockAddr addr = SockAddr.parse(c.arg(1));
        if (addr == null) {
            return;
        }
        if (e.sockFamily == 0) {
            e.sockFamily = addr.family;
        }
        if (e.fdType == null) {
            e.fdType = typeOf(addr.family);
        }
        if (addr.path != null) {
            e.path = addr.path;
        }
        if (addr.ip != null) {
            if (local) {
                e.localIp = addr.ip;
                e.localPort = addr.port;
            } else {
                e.remoteIp = addr.ip;
                e.remotePort = addr.port;
            }
        }
    }

    private static void listen(Call c, Event e, DecodeContext ctx) {
        Decoding.actsOn(c, 0, e);
        e.isServer = true;
    }

    /** fd = the listening socket, res = the new one; its decoration holds both ends. */
    private static void accept(Call c, Event e, long flags) {
        Decoding.actsOn(c, 0, e);
        e.flags = flags;
        if (c.resDecoration != null) {
            c.resDecoration.applyTo(e);
            return;
        }
        SockAddr peer = SockAddr.parse(c.arg(1));
        if (peer != null && peer.ip != null) {
            e.remoteIp = peer.ip;
            e.remotePort = peer.port;
        }
    }

    static FdType typeOf(int family) {
        switch (family) {
            case FdDecoration.AF_INET: return FdType.IPV4;
            case FdDecoration.AF_INET6: return FdType.IPV6;
            case FdDecoration.AF_UNIX: return FdType.UNIX;
            case FdDecoration.AF_NETLINK: return FdType.NETLINK;
            default: return FdType.OTHER;
        }
    }

    private static String l4protoOf(long sockType) {
        if (sockType == SOCK_STREAM) {
            return "tcp";
        }
        if (sockType == SOCK_DGRAM) {
            return "udp";
        }
        return sockType == SOCK_RAW ? "raw" : null;
    }
}
