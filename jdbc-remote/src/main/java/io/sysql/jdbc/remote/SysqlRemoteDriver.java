package io.sysql.jdbc.remote;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.InternalProperty;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The remote sysql JDBC driver: {@code jdbc:sysql:remote://HOST:PORT} connects to {@code sysql serve}.
 * Options after the address, separated by {@code ;}: {@code user}, {@code password} (HTTP Basic),
 * {@code tls=true} (HTTPS), {@code truststore}, {@code truststore_password}, {@code serialization=json},
 * {@code timeZone}. Built on Avatica's remote driver, which the standalone jar also registers, so
 * {@code jdbc:avatica:remote:url=http://HOST:PORT;serialization=protobuf} works with it too (without
 * server-side cancel and query timeout).
 */
public final class SysqlRemoteDriver extends Driver {
    public static final String PREFIX = RemoteUrl.PREFIX;

    static {
        new SysqlRemoteDriver().register();
    }

    @Override
    protected String getConnectStringPrefix() {
        return PREFIX;
    }

    @Override
    protected AvaticaFactory createFactory() {
        return new RemoteFactory(instantiateFactory("org.apache.calcite.avatica.AvaticaJdbc41Factory"));
    }

    @Override
    protected DriverVersion createDriverVersion() {
        String version = version();
        String[] numbers = version.split("[.-]");
        int major = numbers.length > 0 ? parse(numbers[0]) : 0;
        int minor = numbers.length > 1 ? parse(numbers[1]) : 0;
        return new DriverVersion("sysql remote JDBC driver", version, "sysql", version, false, major, minor, major, minor);
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = SysqlRemoteDriver.class.getResourceAsStream("driver.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unknown version
        }
        return p.getProperty("version", "unknown");
    }

    private static int parse(String n) {
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        RemoteUrl remote;
        try {
            remote = RemoteUrl.parse(url, info);
        } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), "08001", e);
        }
        Connection connection;
        try {
            connection = super.connect(PREFIX, remote.avatica());
        } catch (RuntimeException e) { // Avatica's HTTP client reports an unreachable server unchecked
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String where = "cannot connect to " + PREFIX + "//" + remote.hostPort() + ": ";
            if (String.valueOf(cause.getMessage()).endsWith("got HTTP/401")) {
                throw new SQLException(where + "the server refused the user and password (HTTP 401)", "28000", e);
            }
            throw new SQLException(where + cause, "08001", e);
        }
        describeIdentifiers((AvaticaConnection) connection);
        return connection;
    }

    /**
     * Says in the client's DatabaseMetaData how the server treats identifiers, as the embedded driver
     * does (the server ignores a client's casing properties): matched case-insensitively, stored as
     * declared (lower case). Avatica's client would claim Calcite's upper-casing, and clients such as
     * sqlline then look up "FDS" and find nothing.
     */
    private static void describeIdentifiers(AvaticaConnection connection) {
        connection.properties.put(InternalProperty.CASE_SENSITIVE, false);
        connection.properties.put(InternalProperty.UNQUOTED_CASING, Casing.UNCHANGED);
        connection.properties.put(InternalProperty.QUOTED_CASING, Casing.UNCHANGED);
        connection.properties.put(InternalProperty.QUOTING, Quoting.DOUBLE_QUOTE);
    }

    @Override
    public Meta createMeta(AvaticaConnection connection) {
        return StatementWatch.wrap(super.createMeta(connection), connection);
    }
}
