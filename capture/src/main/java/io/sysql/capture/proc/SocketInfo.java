package io.sysql.capture.proc;

import io.sysql.capture.event.Linux;

import io.sysql.capture.event.IpText;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SocketState;

/**
 * One socket of a {@code /proc/net} table. {@code name} is the unix socket's path or the netlink
 * protocol's name; IP sockets are named from their endpoints.
 */
record SocketInfo(FdType type, int family, String l4proto, String localIp, int localPort, String remoteIp,
                  int remotePort, String state, String name, boolean isServer) {

    SocketInfo asServer() {
        return new SocketInfo(type, family, l4proto, localIp, localPort, remoteIp, remotePort, state, name, true);
    }

    boolean isListening() {
        return SocketState.LISTEN.equals(state);
    }

    /** lsof's way: {@code local->remote}, IPv6 in brackets, no remote while there is none. */
    String fdName() {
        if (!type.isIp()) {
            return name;
        }
        String local = endpoint(localIp, localPort);
        if (remotePort == 0 && IpText.isAny(remoteIp)) {
            return local;
        }
        return local + "->" + endpoint(remoteIp, remotePort);
    }

    private String endpoint(String ip, int port) {
        return (family == Linux.AF_INET6 ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** Writes this socket's kind, name and endpoints into a snap_fd event. */
    void describe(Event e) {
        e.fdType = type;
        e.path = fdName();
        e.sockFamily = family;
        e.l4proto = l4proto;
        e.sockState = state;
        e.isServer = isServer;
        if (type.isIp()) {
            e.localIp = localIp;
            e.localPort = localPort;
            e.remoteIp = remoteIp;
            e.remotePort = remotePort;
        }
    }
}
