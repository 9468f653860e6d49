package io.sysql.jdbc.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * What a {@link SysqlServer} serves and how. Safe by default: loopback only, and a server reachable from
 * other machines must be given a user and password ({@link #check()} refuses otherwise).
 *
 * @param capture          the one capture directory this server serves
 * @param bind             address to listen on ({@code 127.0.0.1} unless told)
 * @param port             TCP port; 0 picks a free one
 * @param json             Avatica's JSON serialization instead of protobuf
 * @param user             HTTP Basic user, or null for no authentication
 * @param password         that user's password
 * @param tlsKeystore      a JKS or PKCS12 keystore holding the server's key: serve HTTPS; null for HTTP
 * @param tlsPassword      the keystore's password
 * @param maxRowsPerFrame  most rows sent (and buffered) per result frame, whatever a client asks
 * @param queryTimeoutSeconds a query still running after this long is stopped; 0 for no limit
 */
public record ServerConfig(Path capture, String bind, int port, boolean json, String user, String password,
        Path tlsKeystore, String tlsPassword, int maxRowsPerFrame, int queryTimeoutSeconds) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 8765;
    public static final int DEFAULT_MAX_ROWS_PER_FRAME = 1000;
    public static final int DEFAULT_QUERY_TIMEOUT_SECONDS = 600;

    /** Loopback, protobuf, no authentication, no TLS, default limits. */
    public static ServerConfig local(Path capture, int port) {
        return new ServerConfig(capture, LOOPBACK, port, false, null, null, null, null, DEFAULT_MAX_ROWS_PER_FRAME,
                DEFAULT_QUERY_TIMEOUT_SECONDS);
    }

    public ServerConfig withBind(String address) {
        return new ServerConfig(capture, address, port, json, user, password, tlsKeystore, tlsPassword,
                maxRowsPerFrame, queryTimeoutSeconds);
    }

    public ServerConfig withJson(boolean useJson) {
        return new ServerConfig(capture, bind, port, useJson, user, password, tlsKeystore, tlsPassword,
                maxRowsPerFrame, queryTimeoutSeconds);
    }

    public ServerConfig withUser(String name, String secret) {
        return new ServerConfig(capture, bind, port, json, name, secret, tlsKeystore, tlsPassword,
                maxRowsPerFrame, queryTimeoutSeconds);
    }

    public ServerConfig withTls(Path keystore, String secret) {
        return new ServerConfig(capture, bind, port, json, user, password, keystore, secret, maxRowsPerFrame,
                queryTimeoutSeconds);
    }

    public ServerConfig withLimits(int rowsPerFrame, int timeoutSeconds) {
        return new ServerConfig(capture, bind, port, json, user, password, tlsKeystore, tlsPassword, rowsPerFrame,
                timeoutSeconds);
    }

    public boolean authenticated() {
        return user != null;
    }

    public boolean tls() {
        return tlsKeystore != null;
    }

    /** Refuses a configuration that would expose the capture, with a message saying what to do. */
    public void check() {
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("give both a user and a password, or neither");
        }
        if (password != null && password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (tlsKeystore != null && tlsPassword == null) {
            throw new IllegalArgumentException("a TLS keystore needs its password");
        }
        if (maxRowsPerFrame < 1) {
            throw new IllegalArgumentException("max rows per frame must be at least 1");
        }
        if (!isLoopback(bind) && !authenticated()) {
            throw new IllegalArgumentException("refusing to serve " + capture + " on " + bind
                    + " without authentication: anyone who can reach that address could read every file name,"
                    + " command line and data buffer of the capture. Give --user and --password-file (and"
                    + " --tls-keystore to encrypt), or bind to 127.0.0.1");
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
