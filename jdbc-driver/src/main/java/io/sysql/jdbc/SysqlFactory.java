package io.sysql.jdbc;

import io.sysql.sql.TwinNanos;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;
import org.apache.calcite.jdbc.CalciteFactory;
import org.apache.calcite.jdbc.CalciteJdbc41Factory;
import org.apache.calcite.jdbc.CalciteSchema;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * Calcite's JDBC 4.1 objects, except the result set of a statement that shows a time twin: one that gives its
 * nanoseconds ({@link TwinNanosResultSet}).
 */
final class SysqlFactory extends CalciteFactory {
    private final CalciteJdbc41Factory calcite = new CalciteJdbc41Factory();
    /** The driver's handler, which Calcite's own result set calls before it runs its statement. */
    private final Supplier<Handler> handler;

    SysqlFactory(Supplier<Handler> handler) {
        super(4, 1);
        this.handler = handler;
    }

    @Override
    public AvaticaConnection newConnection(UnregisteredDriver driver, AvaticaFactory factory, String url,
            Properties info, CalciteSchema rootSchema, JavaTypeFactory typeFactory) {
        return calcite.newConnection(driver, factory, url, info, rootSchema, typeFactory);
    }

    @Override
    public AvaticaStatement newStatement(AvaticaConnection connection, Meta.StatementHandle h, int type,
            int concurrency, int holdability) throws SQLException {
        return calcite.newStatement(connection, h, type, concurrency, holdability);
    }

    @Override
    public AvaticaPreparedStatement newPreparedStatement(AvaticaConnection connection, Meta.StatementHandle h,
            Meta.Signature signature, int type, int concurrency, int holdability) throws SQLException {
        return calcite.newPreparedStatement(connection, h, signature, type, concurrency, holdability);
    }

    @Override
    public AvaticaResultSet newResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
            TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
        Map<Integer, Integer> carriers = TwinNanos.carriers(signature);
        if (carriers.isEmpty()) {
            return calcite.newResultSet(statement, state, signature, timeZone, firstFrame);
        }
        return new TwinNanosResultSet(statement, state, signature, newResultSetMetaData(statement, signature),
                timeZone, firstFrame, carriers, handler.get());
    }

    @Override
    public AvaticaSpecificDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
        return calcite.newDatabaseMetaData(connection);
    }

    @Override
    public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement, Meta.Signature signature) {
        return calcite.newResultSetMetaData(statement, signature);
    }
}
