package io.sysql.jdbc.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link SysqlServer} serves and how. Safe by default: loopback only, and a server reachable from
 * other machines must be given a user and password ({@link #check()} refuses otherwise).
 *
 * @param captures         the directories this server serves: one capture, or captures and directories of
 *                         captures served as one database (as the URL {@code jdbc:sysql:DIR1,DIR2} opens them)
 * @param bind             address to listen on ({@code 127.0.0.1} unless told)
 * @param port             TCP port; 0 picks a free one
 * @param json             Avatica's JSON serialization instead of protobuf
 * @param user             HTTP Basic user, or null for no authentication
 * @param password         that user's password
 * @param tlsKeystore      a JKS or PKCS12 keystore holding the server's key: serve HTTPS; null for HTTP
 * @param tlsPassword      the keystore's password
 * @param maxRowsPerFrame  most rows sent (and buffered) per result frame, whatever a client asks
 * @param queryTimeoutSeconds a query still running after this long is stopped; 0 for no limit
 * @param maxConnections   most connections open at once, from all clients
 * @param maxConnectionsPerClient most connections open at once from one client address
 */
public record ServerConfig(List<Path> captures, String bind, int port, boolean json, String user, String password,
        Path tlsKeystore, String tlsPassword, int maxRowsPerFrame, int queryTimeoutSeconds, int maxConnections,
        int maxConnectionsPerClient) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 8765;
    public static final int DEFAULT_MAX_ROWS_PER_FRAME = 1000;
    public static final int DEFAULT_QUERY_TIMEOUT_SECONDS = 600;
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /** Shortest password for a server reachable from other machines. */
    public static final int MIN_OPEN_PASSWORD_LENGTH = 8;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 64;

    /** Loopback, protobuf, no authentication, no TLS, default limits. */
    public static ServerConfig local(Path capture, int port) {
        return local(List.of(capture), port);
    }

    /** {@link #local(Path, int)} over several captures served as one database. */
    public static ServerConfig local(List<Path> captures, int port) {
        return new ServerConfig(List.copyOf(captures), LOOPBACK, port, false, null, null, null, null, DEFAULT_MAX_ROWS_PER_FRAME,
                DEFAULT_QUERY_TIMEOUT_SECONDS, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_CLIENT);
    }

    public ServerConfig withBind(String address) {
        return new ServerConfig(captures, address, port, json, user, password, tlsKeystore, tlsPassword,
                maxRowsPerFrame, queryTimeoutSeconds, maxConnections, maxConnectionsPerClient);
    }

    public ServerConfig withJson(boolean useJson) {
        return new ServerConfig(captures, bind, port, useJson, user, password, tlsKeystore, tlsPassword,
                maxRowsPerFrame, queryTimeoutSeconds, maxConnections, maxConnectionsPerClient);
    }

    public ServerConfig withUser(String name, String secret) {
        return new ServerConfig(captures, bind, port, json, name, secret, tlsKeystore, tlsPassword,
                maxRowsPerFrame, queryTimeoutSeconds, maxConnections, maxConnectionsPerClient);
    }

    public ServerConfig withTls(Path keystore, String secret) {
        return new ServerConfig(captures, bind, port, json, user, password, keystore, secret, maxRowsPerFrame,
                queryTimeoutSeconds, maxConnections, maxConnectionsPerClient);
    }

    public ServerConfig withLimits(int rowsPerFrame, int timeoutSeconds) {
        return new ServerConfig(captures, bind, port, json, user, password, tlsKeystore, tlsPassword, rowsPerFrame,
                timeoutSeconds, maxConnections, maxConnectionsPerClient);
    }

    public ServerConfig withConnectionLimits(int total, int perClient) {
        return new ServerConfig(captures, bind, port, json, user, password, tlsKeystore, tlsPassword, maxRowsPerFrame,
                queryTimeoutSeconds, total, perClient);
    }

    public boolean authenticated() {
        return user != null;
    }

    public boolean tls() {
        return tlsKeystore != null;
    }

    /** Refuses a configuration that would expose the capture, with a message saying what to do. */
    public void check() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port is 0 (any free one) to 65535, not " + port);
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("give both a user and a password, or neither");
        }
        if (password != null && password.isBlank()) {
            throw new IllegalArgumentException("the password is empty or only spaces");
        }
        if (tlsKeystore != null && tlsPassword == null) {
            throw new IllegalArgumentException("a TLS keystore needs its password");
        }
        if (maxRowsPerFrame < 1) {
            throw new IllegalArgumentException("max rows per frame must be at least 1");
        }
        if (queryTimeoutSeconds < 0) {
            throw new IllegalArgumentException("the query timeout is 0 (no limit) or more seconds, not " + queryTimeoutSeconds);
        }
        if (maxConnectionsPerClient < 1 || maxConnections < maxConnectionsPerClient) {
            throw new IllegalArgumentException("connection limits must be at least 1 per client, and the total at least"
                    + " the per-client one (" + maxConnections + " < " + maxConnectionsPerClient + ")");
        }
        if (!isLoopback(bind) && !authenticated()) {
            throw new IllegalArgumentException("refusing to serve " + String.join(", ", captures.stream().map(Path::toString).toList()) + " on " + bind
                    + " without authentication: anyone who can reach that address could read every file name,"
                    + " command line and data buffer of the capture. Give --user and --password-file (and"
                    + " --tls-keystore to encrypt), or bind to 127.0.0.1");
        }
        if (!isLoopback(bind) && password.length() < MIN_OPEN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("refusing to serve on " + bind + " with a password of " + password.length()
                    + " characters: other machines can reach it, so it needs at least " + MIN_OPEN_PASSWORD_LENGTH);
        }
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve bind address " + address);
        }
    }
}
