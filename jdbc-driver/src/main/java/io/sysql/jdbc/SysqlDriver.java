package io.sysql.jdbc;

import io.sysql.sql.AsOfTimeParameters;
import io.sysql.sql.Fleet;
import io.sysql.sql.FleetSchema;
import io.sysql.sql.SysqlPrepare;
import io.sysql.sql.SysqlSchema;
import io.sysql.storage.CaptureException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteMetaImpl;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaPlus;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Properties;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The embedded sysql JDBC driver: {@code jdbc:sysql:/path/to/capture[;property=value...]} opens the
 * capture in that directory, read-only, in this JVM; {@code jdbc:sysql:DIR1,DIR2...} or a directory
 * holding captures opens them as one database (a {@link Fleet}). Built on Calcite's JDBC driver; its connection
 * properties apply ({@code timeZone}, {@code caseSensitive}, ...).
 *
 * <p>Defaults that differ from Calcite's: identifiers are case-insensitive and kept as typed
 * ({@code caseSensitive=false}, {@code unquotedCasing=UNCHANGED}, {@code quotedCasing=UNCHANGED}),
 * quoted with double quotes, so both {@code select pid from fds} and a BI tool's
 * {@code SELECT "PID" FROM "FDS"} work. NULLs sort last whether ascending or descending
 * ({@code defaultNullCollation=LAST}). The default schema is the capture's ({@value SysqlSchema#NAME}).
 *
 * <p>The capture's journal is a Chronicle Queue: the JVM that uses this driver needs Chronicle's flags
 * (the parent pom's {@code chronicle.jvm.flags}):
 * <pre>
 * --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
 * --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 * --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 * --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
 * --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
 * --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
 * -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true -Djna.tmpdir=/tmp
 * </pre>
 * Without them opening a capture fails inside Chronicle's queue builder.
 */
public final class SysqlDriver extends Driver {
    public static final String PREFIX = "jdbc:sysql:";

    static {
        new SysqlDriver().register();
    }

    /** Connections that opened their own capture or fleet, and so close it with themselves. */
    private final Map<Connection, OpenCaptures> owningCapture = Collections.synchronizedMap(new WeakHashMap<>());

    public SysqlDriver() {
        super(SysqlPrepare::new);
    }

    @Override
    protected String getConnectStringPrefix() {
        return PREFIX;
    }

    @Override
    protected AvaticaFactory createFactory() {
        return new SysqlFactory(() -> handler);
    }

    @Override
    protected DriverVersion createDriverVersion() {
        return new DriverVersion("sysql embedded JDBC driver", "0.1.0", "sysql", "0.1.0", false, 0, 1, 0, 1);
    }

    @Override
    public Meta createMeta(AvaticaConnection connection) {
        return CalciteMetaImpl.create((CalciteConnection) connection, RemarksMetadata.TABLES, RemarksMetadata.COLUMNS);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        OpenCaptures opened;
        SysqlUrl parsed;
        try {
            parsed = SysqlUrl.parse(url, info);
            opened = OpenCaptures.open(parsed.paths().stream().map(Path::of).toList());
        } catch (CaptureException | IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), "08001", e);
        }
        try {
            Connection connection = connectTo(opened.schema(), parsed.properties());
            owningCapture.put(connection, opened);
            return connection;
        } catch (SQLException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * A connection over captures that are already open and stay open when the connection closes: a
     * server shares them (one history index each in memory) among all its connections. {@code info}
     * holds connection properties as for {@link #connect}.
     */
    public Connection connect(OpenCaptures shared, Properties info) throws SQLException {
        return connectTo(shared.schema(), SysqlUrl.parse(PREFIX + "shared", info).properties());
    }

    private Connection connectTo(Schema schema, Properties properties) throws SQLException {
        Connection connection = super.connect(PREFIX, properties);
        CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
        calcite.getRootSchema().add(SysqlSchema.NAME, schema);
        calcite.setSchema(SysqlSchema.NAME);
        return connection;
    }

    /** The capture schema behind a connection of this driver (its capture, scan counters). */
    public static SysqlSchema schema(Connection connection) throws SQLException {
        return schema(connection, SysqlSchema.class, "a connection to one capture");
    }

    /** The fleet behind a connection of this driver to several captures. */
    public static Fleet fleet(Connection connection) throws SQLException {
        return schema(connection, FleetSchema.class, "a connection to several captures").fleet();
    }

    private static <S> S schema(Connection connection, Class<S> kind, String expected) throws SQLException {
        SchemaPlus root = connection.unwrap(CalciteConnection.class).getRootSchema();
        SchemaPlus mine = root.subSchemas().get(SysqlSchema.NAME);
        try {
            S schema = mine == null ? null : mine.unwrap(kind);
            if (schema != null) {
                return schema;
            }
        } catch (ClassCastException otherKind) { // Calcite's answer for a schema of another class
            // refused below
        }
        throw new SQLException("not " + expected);
    }

    @Override
    protected Handler createHandler() {
        return new SysqlHandler(super.createHandler());
    }

    /**
     * Closes the capture with the connection that opened it, and drops the connection's plans; before a
     * prepared statement runs, hands it the times bound to its {@code AS OF ?} parameters as times
     * ({@link AsOfTimeParameters}).
     */
    private final class SysqlHandler implements Handler {
        private final Handler calcite;

        SysqlHandler(Handler calcite) {
            this.calcite = calcite;
        }

        @Override
        public void onConnectionInit(AvaticaConnection connection) throws SQLException {
            calcite.onConnectionInit(connection);
        }

        @Override
        public void onConnectionClose(AvaticaConnection connection) {
            calcite.onConnectionClose(connection);
            if (connection instanceof CalciteConnection c) {
                SysqlPrepare.forgetPlans(c);
            }
            OpenCaptures opened = owningCapture.remove(connection);
            if (opened != null) { // else shared captures, or a connection that failed before its captures were attached
                opened.close();
            }
        }

        @Override
        public void onStatementExecute(AvaticaStatement statement, ResultSink resultSink) {
            if (statement instanceof AvaticaPreparedStatement prepared) {
                AsOfTimeParameters.bindTimesAsTimes(prepared);
            }
            calcite.onStatementExecute(statement, resultSink);
        }

        @Override
        public void onStatementClose(AvaticaStatement statement) {
            calcite.onStatementClose(statement);
        }
    }
}
