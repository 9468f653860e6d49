package io.sysql.capture.strace;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKind.Arg;
import io.sysql.capture.event.EventKind.Shape;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.Linux;
import java.util.Map;

/** socket, socketpair, bind, listen, connect, the accept family. */
final class SocketCalls {
    private SocketCalls() {
    }

    static void register(Map<Shape, SyscallDecoder> table) {
        table.put(Shape.SOCKET, SocketCalls::socket);
        table.put(Shape.SOCKETPAIR, SocketCalls::socketpair);
        table.put(Shape.BIND, (c, k, e, ctx) -> address(c, k, e, true));
        table.put(Shape.CONNECT, (c, k, e, ctx) -> address(c, k, e, false));
        table.put(Shape.LISTEN, SocketCalls::listen);
        table.put(Shape.ACCEPT, (c, k, e, ctx) -> accept(c, k, e, Decoding.num(c, k, Arg.FLAGS, 0)));
    }

    private static void socket(Call c, EventKind k, Event e, DecodeContext ctx) {
        e.sockFamily = (int) Decoding.num(c, k, Arg.DOMAIN, 0);
        e.flags = Decoding.num(c, k, Arg.SOCK_TYPE, 0);
        e.mode = Decoding.num(c, k, Arg.PROTOCOL, 0);
        Decoding.creates(c, e, typeOf(e.sockFamily));
        if (e.l4proto == null && e.fdType.isIp()) {
            e.l4proto = l4protoOf(e.flags & Linux.SOCK_TYPE_MASK);
        }
    }

    private static void socketpair(Call c, EventKind k, Event e, DecodeContext ctx) {
        FdCalls.pair(c, e, k.argIndex(Arg.FD_PAIR), Decoding.num(c, k, Arg.SOCK_TYPE, 0));
        e.sockFamily = (int) Decoding.num(c, k, Arg.DOMAIN, 0);
        e.mode = Decoding.num(c, k, Arg.PROTOCOL, 0);
        if (e.fdType == null || e.fdType == FdType.PIPE) {
            e.fdType = typeOf(e.sockFamily);
        }
    }

    /** bind and connect: the address argument is the new local or remote end. */
    private static void address(Call c, EventKind k, Event e, boolean local) {
        Decoding.actsOn(c, k.argIndex(Arg.FD), e);
        SockAddr addr = SockAddr.parse(c.arg(k.argIndex(local ? Arg.LOCAL_ADDR : Arg.REMOTE_ADDR)));
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

    private static void listen(Call c, EventKind k, Event e, DecodeContext ctx) {
        Decoding.actsOn(c, k.argIndex(Arg.FD), e);
        e.isServer = true;
    }

    /** fd = the listening socket, res = the new one; its decoration holds both ends. */
    private static void accept(Call c, EventKind k, Event e, long flags) {
        Decoding.actsOn(c, k.argIndex(Arg.FD), e);
        e.flags = flags;
        if (c.resDecoration != null) {
            c.resDecoration.applyTo(e);
            return;
        }
        SockAddr peer = SockAddr.parse(c.arg(k.argIndex(Arg.REMOTE_ADDR)));
        if (peer != null && peer.ip != null) {
            e.remoteIp = peer.ip;
            e.remotePort = peer.port;
        }
    }

    static FdType typeOf(int family) {
        switch (family) {
            case Linux.AF_INET: return FdType.IPV4;
            case Linux.AF_INET6: return FdType.IPV6;
            case Linux.AF_UNIX: return FdType.UNIX;
            case Linux.AF_NETLINK: return FdType.NETLINK;
            default: return FdType.OTHER;
        }
    }

    private static String l4protoOf(long sockType) {
        if (sockType == Linux.SOCK_STREAM) {
            return "tcp";
        }
        if (sockType == Linux.SOCK_DGRAM) {
            return "udp";
        }
        return sockType == Linux.SOCK_RAW ? "raw" : null;
    }
}
