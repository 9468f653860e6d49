package io.sysql.jdbc.server;

import io.sysql.jdbc.SysqlDriver;
import io.sysql.storage.Capture;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.jdbc.StatementInfo;
import org.apache.calcite.avatica.remote.TypedValue;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.HashSet;
import java.util.Set;

/**
 * Avatica's JDBC-backed {@code Meta} over one shared capture, hardened for serving it:
 * <ul>
 *   <li>every connection is over the served capture; a client's connection properties cannot point it
 *       elsewhere (Calcite's {@code model}, {@code schemaFactory}, ... would read other files or load
 *       classes), so only harmless ones ({@value #ALLOWED_CLIENT_PROPERTY}) are passed on;</li>
 *   <li>no frame holds more than {@code maxRowsPerFrame} rows, whatever size the client asks for (a
 *       negative size means "all" in Avatica);</li>
 *   <li>closing a statement that is still executing cancels it first: this is how the sysql remote
 *       driver carries {@code Statement.cancel()} and {@code setQueryTimeout} over the wire, as
 *       Avatica's protocol has no cancel request;</li>
 *   <li>every statement gets the server's query timeout.</li>
 * </ul>
 */
final class SysqlMeta extends JdbcMeta {
    static final String ALLOWED_CLIENT_PROPERTY = "timeZone";

    private static final Field STATEMENT_OF_INFO = statementField();

    private final Capture capture;
    private final SysqlDriver driver = new SysqlDriver();
    private final int maxRowsPerFrame;
    private final int queryTimeoutSeconds;
    /** Statements running a request now, and those of them whose close must wait for the request's end. */
    private final Set<Integer> executing = new HashSet<>();
    private final Set<Integer> closeWhenDone = new HashSet<>();

    SysqlMeta(Capture capture, int maxRowsPerFrame, int queryTimeoutSeconds) throws SQLException {
        super(SysqlDriver.PREFIX + capture.directory(), cacheSettings());
        this.capture = capture;
        this.maxRowsPerFrame = maxRowsPerFrame;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /** Idle connections and statements (a client that vanished) are dropped after a few minutes. */
    private static Properties cacheSettings() {
        Properties p = new Properties();
        p.setProperty("avatica.connectioncache.expiryduration", "10");
        p.setProperty("avatica.connectioncache.expiryunit", "MINUTES");
        p.setProperty("avatica.statementcache.expiryduration", "5");
        p.setProperty("avatica.statementcache.expiryunit", "MINUTES");
        return p;
    }

    private static Field statementField() {
        try {
            Field f = StatementInfo.class.getDeclaredField("statement");
            f.setAccessible(true); // Avatica keeps the JDBC statement package-private; cancel needs it
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this Avatica version has no StatementInfo.statement", e);
        }
    }

    @Override
    protected Connection createConnection(String url, Properties info) throws SQLException {
        Properties safe = new Properties();
        String timeZone = info.getProperty(ALLOWED_CLIENT_PROPERTY);
        if (timeZone != null) {
            safe.setProperty(ALLOWED_CLIENT_PROPERTY, timeZone);
        }
        return driver.connect(capture, safe);
    }

    @Override
    public StatementHandle createStatement(ConnectionHandle ch) {
        StatementHandle h = super.createStatement(ch);
        applyTimeout(h);
        return h;
    }

    @Override
    public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
        StatementHandle h = super.prepare(ch, sql, maxRowCount);
        applyTimeout(h);
        return h;
    }

    private void applyTimeout(StatementHandle h) {
        Statement s = statement(h);
        if (s != null && queryTimeoutSeconds > 0) {
            try {
                s.setQueryTimeout(queryTimeoutSeconds);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot set the query timeout", e);
            }
        }
    }

    private Statement statement(StatementHandle h) {
        StatementInfo info = getStatementCache().getIfPresent(h.id);
        if (info == null) {
            return null;
        }
        try {
            return (Statement) STATEMENT_OF_INFO.get(info);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows for a frame: 0 is what a JSON client that names no size sends, and gets a full frame too. */
    private int frame(int requested) {
        return requested <= 0 || requested > maxRowsPerFrame ? maxRowsPerFrame : requested;
    }

    @Override
    public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
            PrepareCallback callback) throws NoSuchStatementException {
        begin(h);
        try {
            return super.prepareAndExecute(h, sql, maxRowCount, frame(maxRowsInFirstFrame), callback);
        } finally {
            end(h);
        }
    }

    @Override
    public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
            throws NoSuchStatementException {
        begin(h);
        try {
            return super.execute(h, parameterValues, frame(maxRowsInFirstFrame));
        } finally {
            end(h);
        }
    }

    @Override
    public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
            throws NoSuchStatementException, MissingResultsException {
        begin(h);
        try {
            return super.fetch(h, offset, frame(fetchMaxRowCount));
        } finally {
            end(h);
        }
    }

    private void begin(StatementHandle h) {
        synchronized (executing) {
            executing.add(h.id);
        }
    }

    private void end(StatementHandle h) {
        boolean close;
        synchronized (executing) {
            executing.remove(h.id);
            close = closeWhenDone.remove(h.id);
        }
        if (close) {
            super.closeStatement(h);
        }
    }

    /**
     * A statement still running is cancelled, and closed once its request has returned (closing it under
     * the running query would turn "cancelled" into an unrelated error).
     */
    @Override
    public void closeStatement(StatementHandle h) {
        boolean running;
        synchronized (executing) {
            running = executing.contains(h.id);
            if (running) {
                closeWhenDone.add(h.id);
            }
        }
        if (!running) {
            super.closeStatement(h);
            return;
        }
        Statement s = statement(h);
        try {
            if (s != null) {
                s.cancel();
            }
        } catch (SQLException alreadyClosed) {
            // the request is ending anyway; end() closes it
        }
    }
}
