package io.sysql.jdbc.server;

import io.sysql.jdbc.OpenCaptures;
import io.sysql.jdbc.SysqlDriver;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.AvaticaHandler;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.OptionalSslConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * An Avatica HTTP server over one capture, or several served as one database: any Avatica client (the
 * sysql remote driver, Avatica's own driver, sqlline, a BI tool, curl with JSON) runs the same SQL as the embedded driver, time travel
 * included (the AS OF rewrite happens here, in the server's statement preparation). Read-only, as every
 * sysql connection is.
 */
public final class SysqlServer implements AutoCloseable {
    private final ServerConfig config;
    /** The host {@link #httpUrl} gives clients. */
    private final String host;
    private final OpenCaptures captures;
    private final SysqlMeta meta;
    private final HttpServer http;
    private final BasicAuthRealm realm;
    /** The pages' own connection to the captures, or null without pages. */
    private final Connection pagesConnection;

    private SysqlServer(ServerConfig config, OpenCaptures captures, SysqlMeta meta, HttpServer http, BasicAuthRealm realm,
            Connection pagesConnection) {
        this.config = config;
        this.host = advertisedHost(config.bind());
        this.captures = captures;
        this.meta = meta;
        this.http = http;
        this.realm = realm;
        this.pagesConnection = pagesConnection;
    }

    /** Checks the configuration ({@link ServerConfig#check()}), opens the captures and starts listening. */
    public static SysqlServer start(ServerConfig config) throws IOException, SQLException {
        return start(config, null);
    }

    /** {@link #start(ServerConfig)}, serving also the pages made by {@code pages} (none if null). */
    public static SysqlServer start(ServerConfig config, Pages.Factory pages) throws IOException, SQLException {
        config.check();
        OpenCaptures captures = OpenCaptures.open(config.captures());
        BasicAuthRealm realm = null;
        Connection pagesConnection = null;
        try {
            SysqlMeta meta = new SysqlMeta(captures, config);
            AvaticaHandler handler = LoggingHandlers.of(new LocalService(meta), config.json());
            if (pages != null) {
                pagesConnection = new SysqlDriver().connect(captures, new Properties());
                handler = new PagesHandler(handler, pages.open(pagesConnection));
            }
            HttpServer.Builder<Server> b = HttpServer.Builder.<Server>newBuilder()
                    .withHandler(handler)
                    .withPort(config.port())
                    .withServerCustomizers(List.of(bindTo(config.bind()), RequestGuard::install,
                            server -> refusePlainHttp(server, config.tls())), Server.class);
            if (config.authenticated()) {
                realm = new BasicAuthRealm(config.user(), config.password());
                b.withBasicAuthentication(realm.path(), new String[] {BasicAuthRealm.ROLE});
            }
            if (config.tls()) {
                b.withTLS(config.tlsKeystore().toFile(), config.tlsPassword(), config.tlsKeystore().toFile(),
                        config.tlsPassword());
            }
            HttpServer http = b.build();
            start(http, config);
            return new SysqlServer(config, captures, meta, http, realm, pagesConnection);
        } catch (IOException | SQLException | RuntimeException e) {
            if (pagesConnection != null) {
                pagesConnection.close();
            }
            captures.close();
            if (realm != null) {
                realm.close();
            }
            throw e;
        }
    }

    /** Starts listening; a port in use is said so (Avatica wraps Jetty's bind failure twice). */
    private static void start(HttpServer http, ServerConfig config) {
        try {
            http.start();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new IllegalArgumentException("port " + config.port() + " is in use on " + config.bind()
                            + ": choose another (0 picks a free one)");
                }
            }
            throw e;
        }
    }

    /** Avatica's builder has no bind address: set it on the connector before Jetty starts. */
    private static ServerCustomizer<Server> bindTo(String address) {
        return server -> {
            for (Connector c : server.getConnectors()) {
                if (c instanceof ServerConnector sc) {
                    sc.setHost(address);
                }
            }
        };
    }

    /**
     * A plain HTTP request to the TLS port is answered at once, saying so; by default Jetty waits for a
     * TLS handshake that never comes while the client waits for an answer, for minutes.
     */
    private static void refusePlainHttp(Server server, boolean tls) {
        if (!tls) {
            return;
        }
        for (Connector c : server.getConnectors()) {
            SslConnectionFactory ssl = c.getConnectionFactory(SslConnectionFactory.class);
            if (c instanceof ServerConnector sc && ssl != null) {
                PlainHttpRefused detect = new PlainHttpRefused(ssl);
                sc.addFirstConnectionFactory(detect);
                sc.setDefaultProtocol(detect.getProtocol());
            }
        }
    }

    private static final class PlainHttpRefused extends OptionalSslConnectionFactory {
        private static final byte[] ANSWER = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain;charset=utf-8\r\n"
                + "Connection: close\r\n\r\n400 this server speaks HTTPS: use https:// (the sysql driver: ;tls=true)\n")
                .getBytes(StandardCharsets.UTF_8);

        PlainHttpRefused(SslConnectionFactory ssl) {
            super(ssl, null);
        }

        @Override
        protected void otherProtocol(ByteBuffer buffer, EndPoint endPoint) {
            FaultLog.LOG.warn("request from {} answered 400 (plain HTTP to the TLS port)", endPoint.getRemoteAddress());
            endPoint.write(Callback.from(endPoint::close, failed -> endPoint.close()), ByteBuffer.wrap(ANSWER));
        }
    }

    /** The captures served, opened once for every connection. */
    public OpenCaptures captures() {
        return captures;
    }

    public int port() {
        return http.getPort();
    }

    /** {@code http(s)://host:port}, the address clients reach. */
    public String httpUrl() {
        return (config.tls() ? "https" : "http") + "://" + host + ":" + port();
    }

    /**
     * The host clients are given for the address bound: bound to every address (0.0.0.0, ::), which is no
     * address to connect to, the machine's name (127.0.0.1 when it has none that resolves).
     */
    private static String advertisedHost(String bind) {
        String ip = bind.startsWith("[") && bind.endsWith("]") ? bind.substring(1, bind.length() - 1) : bind;
        if (!ip.equals("0.0.0.0") && !ip.equals("::")) {
            return ip.contains(":") ? "[" + ip + "]" : ip;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unnamed) {
            return "127.0.0.1";
        }
    }

    /** The sysql remote driver's URL for this server. */
    public String jdbcUrl() {
        String url = "jdbc:sysql:remote:" + httpUrl().substring(httpUrl().indexOf("//"));
        if (config.tls()) {
            url += ";tls=true";
        }
        if (config.json()) {
            url += ";serialization=json";
        }
        return url;
    }

    /** The same server through Avatica's own driver. */
    public String avaticaUrl() {
        return "jdbc:avatica:remote:url=" + httpUrl() + ";serialization=" + (config.json() ? "json" : "protobuf")
                + (config.authenticated() ? ";authentication=BASIC" : "");
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        http.join();
    }

    @Override
    public void close() throws IOException {
        meta.cancelRunning();
        http.stop();
        if (pagesConnection != null) {
            try {
                pagesConnection.close();
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
        captures.close();
        if (realm != null) {
            realm.close();
        }
    }
}
