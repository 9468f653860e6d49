package io.sysql.capture.proc;

import io.sysql.capture.event.Linux;

import io.sysql.capture.event.IpText;

import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SocketState;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The sockets of one network namespace, by inode, as its {@code /proc/net} tables list them. */
final class SocketTable {
    private static final String[] NETLINK_PROTOCOLS = {
        "ROUTE", "UNUSED", "USERSOCK", "FIREWALL", "SOCK_DIAG", "NFLOG", "XFRM", "SELINUX", "ISCSI", "AUDIT",
        "FIB_LOOKUP", "CONNECTOR", "NETFILTER", "IP6_FW", "DNRTMSG", "KOBJECT_UEVENT", "GENERIC", null,
        "SCSITRANSPORT", "ECRYPTFS", "RDMA", "CRYPTO", "SMC"};
    /** __SO_ACCEPTCON in /proc/net/unix's Flags: the socket listens. */
    private static final int UNIX_ACCEPTCON = 0x10000;
    private static final int UNIX_CONNECTED = 3;

    private final Map<Long, SocketInfo> byInode = new HashMap<>();

    private SocketTable() {
    }

    /** Reads the tables of {@code netDir} (a {@code /proc/net} or {@code /proc/PID/net}); absent ones are empty. */
    static SocketTable read(Path netDir) throws IOException {
        SocketTable table = new SocketTable();
        table.readInet(netDir, "tcp", Linux.AF_INET, "tcp");
        table.readInet(netDir, "tcp6", Linux.AF_INET6, "tcp");
        table.readInet(netDir, "udp", Linux.AF_INET, "udp");
        table.readInet(netDir, "udp6", Linux.AF_INET6, "udp");
        table.readInet(netDir, "raw", Linux.AF_INET, "raw");
        table.readInet(netDir, "raw6", Linux.AF_INET6, "raw");
        table.readUnix(netDir);
        table.readNetlink(netDir);
        table.markServers();
        return table;
    }

    SocketInfo get(long inode) {
        return byInode.get(inode);
    }

    private static String[] dataLines(Path file) throws IOException {
        String text;
        try {
            text = ProcFiles.readUtf8(file);
        } catch (NoSuchFileException absent) {
            return new String[0];
        }
        int header = text.indexOf('\n');
        return header < 0 ? new String[0] : text.substring(header + 1).split("\n");
    }

    private void readInet(Path netDir, String file, int family, String l4proto) throws IOException {
        FdType type = family == Linux.AF_INET6 ? FdType.IPV6 : FdType.IPV4;
        for (String line : dataLines(netDir.resolve(file))) {
            String[] f = Tokens.split(line);
            if (f.length < 10) {
                continue;
            }
            int localColon = f[1].indexOf(':');
            int remoteColon = f[2].indexOf(':');
            long inode = Long.parseLong(f[9]);
            if (inode == 0) {
                continue; // TIME_WAIT and the like: no longer anyone's fd
            }
            byInode.put(inode, new SocketInfo(type, family, l4proto,
                    IpText.fromProcHex(f[1].substring(0, localColon)),
                    Integer.parseInt(f[1].substring(localColon + 1), 16),
                    IpText.fromProcHex(f[2].substring(0, remoteColon)),
                    Integer.parseInt(f[2].substring(remoteColon + 1), 16),
                    SocketState.ofProcNet(Integer.parseInt(f[3], 16), l4proto), null, false));
        }
    }

    private void readUnix(Path netDir) throws IOException {
        for (String line : dataLines(netDir.resolve("unix"))) {
            String[] f = Tokens.split(line);
            if (f.length < 7) {
                continue;
            }
            int flags = Integer.parseInt(f[3], 16);
            int st = Integer.parseInt(f[5], 16);
            String state = (flags & UNIX_ACCEPTCON) != 0 ? SocketState.LISTEN
                    : st == UNIX_CONNECTED ? SocketState.ESTABLISHED : SocketState.CLOSE;
            String path = f.length > 7 ? line.substring(Tokens.afterTokens(line, 7)) : null;
            byInode.put(Long.parseLong(f[6]),
                    new SocketInfo(FdType.UNIX, Linux.AF_UNIX, null, null, 0, null, 0, state, path, false));
        }
    }

    private void readNetlink(Path netDir) throws IOException {
        for (String line : dataLines(netDir.resolve("netlink"))) {
            String[] f = Tokens.split(line);
            if (f.length < 10) {
                continue;
            }
            int protocol = Integer.parseInt(f[1]);
            String name = protocol < NETLINK_PROTOCOLS.length && NETLINK_PROTOCOLS[protocol] != null
                    ? NETLINK_PROTOCOLS[protocol] : Integer.toString(protocol);
            byInode.put(Long.parseLong(f[9]), new SocketInfo(FdType.NETLINK, Linux.AF_NETLINK, null, null, 0,
                    null, 0, null, name, false));
        }
    }

    /**
     * The server side is a listening socket or a connection accepted from one: a TCP connection whose
     * local port some TCP socket listens on, a unix connection bound to a path some unix socket listens on
     * (the connecting side of a unix connection has no path).
     */
    private void markServers() {
        Set<Integer> listeningPorts = new HashSet<>();
        Set<String> listeningPaths = new HashSet<>();
        for (SocketInfo s : byInode.values()) {
            if (s.isListening()) {
                if (s.type() == FdType.UNIX) {
                    listeningPaths.add(s.name());
                } else {
                    listeningPorts.add(s.localPort());
                }
            }
        }
        byInode.replaceAll((inode, s) -> isServerSide(s, listeningPorts, listeningPaths) ? s.asServer() : s);
    }

    private static boolean isServerSide(SocketInfo s, Set<Integer> listeningPorts, Set<String> listeningPaths) {
        if (s.isListening()) {
            return true;
        }
        if (s.type() == FdType.UNIX) {
            return s.name() != null && SocketState.ESTABLISHED.equals(s.state()) && listeningPaths.contains(s.name());
        }
        return "tcp".equals(s.l4proto()) && listeningPorts.contains(s.localPort());
    }
}
