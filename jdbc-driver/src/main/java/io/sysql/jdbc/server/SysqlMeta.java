package io.sysql.jdbc.server;

import io.sysql.jdbc.OpenCaptures;
import io.sysql.jdbc.SysqlDriver;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.proto.Requests;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.jdbc.StatementInfo;
import org.apache.calcite.avatica.remote.TypedValue;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Avatica's JDBC-backed {@code Meta} over the shared captures, hardened for serving it:
 * <ul>
 *   <li>every connection is over the served captures; a client's connection properties cannot point it
 *       elsewhere (Calcite's {@code model}, {@code schemaFactory}, ... would read other files or load
 *       classes), so only harmless ones ({@value #ALLOWED_CLIENT_PROPERTY}) are passed on;</li>
 *   <li>no frame holds more than {@code maxRowsPerFrame} rows, whatever size the client asks for (a
 *       negative size means "all" in Avatica);</li>
 *   <li>closing a statement that is still executing cancels it first: this is how the sysql remote
 *       driver carries {@code Statement.cancel()} and {@code setQueryTimeout} over the wire, as
 *       Avatica's protocol has no cancel request;</li>
 *   <li>every statement gets the server's query timeout;</li>
 *   <li>a statement is reached only through the connection that made it (Avatica numbers statements
 *       across all connections, so another client could name it);</li>
 *   <li>connections are counted per client address and in all, and refused beyond the limits: Avatica's
 *       cache would otherwise evict the oldest connections, other clients', to make room.</li>
 * </ul>
 */
final class SysqlMeta extends JdbcMeta {
    static final String ALLOWED_CLIENT_PROPERTY = "timeZone";

    private static final Field STATEMENT_OF_INFO = statementField();

    private final OpenCaptures captures;
    private final SysqlDriver driver = new SysqlDriver();
    private final int maxRowsPerFrame;
    private final int queryTimeoutSeconds;
    private final int maxConnections;
    private final int maxConnectionsPerClient;
    /** The client address of each open connection, by connection id. */
    private final Map<String, String> clientOf = new HashMap<>();
    /** Statements running a request now, and those of them whose close must wait for the request's end. */
    private final Set<Integer> executing = new HashSet<>();
    private final Set<Integer> closeWhenDone = new HashSet<>();

    SysqlMeta(OpenCaptures captures, ServerConfig config) throws SQLException {
        super(SysqlDriver.PREFIX + config.captures(), cacheSettings(config.maxConnections()));
        this.captures = captures;
        this.maxRowsPerFrame = config.maxRowsPerFrame();
        this.queryTimeoutSeconds = config.queryTimeoutSeconds();
        this.maxConnections = config.maxConnections();
        this.maxConnectionsPerClient = config.maxConnectionsPerClient();
    }

    /**
     * Idle connections and statements (a client that vanished) are dropped after a few minutes. The
     * connection cache has room for more than the connections allowed, so it never evicts a live one.
     */
    private static Properties cacheSettings(int maxConnections) {
        Properties p = new Properties();
        p.setProperty("avatica.connectioncache.maxcapacity", String.valueOf(2 * maxConnections));
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
        return driver.connect(captures, safe);
    }

    /** The address of the client whose request this thread is answering (set by the HTTP handler). */
    static final ThreadLocal<String> CLIENT = new ThreadLocal<>();

    @Override
    public void openConnection(ConnectionHandle ch, Map<String, String> info) {
        String client = CLIENT.get() == null ? "unknown" : CLIENT.get();
        synchronized (clientOf) {
            clientOf.keySet().retainAll(getConnectionCache().asMap().keySet()); // expired ones
            if (clientOf.size() >= maxConnections) {
                throw new IllegalStateException("connection refused: the server has " + clientOf.size()
                        + " connections open, its limit (--max-connections); close some or try later");
            }
            long fromClient = clientOf.values().stream().filter(client::equals).count();
            if (fromClient >= maxConnectionsPerClient) {
                throw new IllegalStateException("connection refused: " + client + " has " + fromClient
                        + " connections open, the limit for one client (--max-connections-per-client); close some");
            }
            super.openConnection(ch, info);
            clientOf.put(ch.id, client);
        }
    }

    @Override
    public void closeConnection(ConnectionHandle ch) {
        super.closeConnection(ch);
        synchronized (clientOf) {
            clientOf.remove(ch.id);
        }
    }

    /** Another connection's statement is, for this one, no statement at all. */
    private void requireOwn(StatementHandle h) throws NoSuchStatementException {
        if (!owns(h)) {
            throw new NoSuchStatementException(h);
        }
    }

    private boolean owns(StatementHandle h) {
        Statement s = statement(h);
        if (s == null) {
            return true; // unknown to Avatica too: it answers "no such statement" itself
        }
        try {
            Connection own = getConnectionCache().getIfPresent(h.connectionId);
            return own != null && s.getConnection() == own;
        } catch (SQLException closed) {
            return false;
        }
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
        return statement(h.id);
    }

    private Statement statement(int id) {
        StatementInfo info = getStatementCache().getIfPresent(id);
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
        requireOwn(h);
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
        requireOwn(h);
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
        requireOwn(h);
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

    /** Cancels every statement running a request: a server that stops ends its queries, not waits for them. */
    void cancelRunning() {
        List<Integer> running;
        synchronized (executing) {
            running = List.copyOf(executing);
        }
        for (int id : running) {
            cancel(statement(id));
        }
    }

    private static void cancel(Statement s) {
        try {
            if (s != null) {
                s.cancel();
            }
        } catch (SQLException alreadyClosed) {
            // the request is ending anyway
        }
    }

    /**
     * A statement still running is cancelled, and closed once its request has returned (closing it under
     * the running query would turn "cancelled" into an unrelated error).
     */
    @Override
    public boolean syncResults(StatementHandle h, QueryState state, long offset) throws NoSuchStatementException {
        requireOwn(h);
        return super.syncResults(h, state, offset);
    }

    @Override
    public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
            throws NoSuchStatementException {
        requireOwn(h);
        return super.prepareAndExecuteBatch(h, sqlCommands);
    }

    @Override
    public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues)
            throws NoSuchStatementException {
        requireOwn(h);
        return super.executeBatch(h, parameterValues);
    }

    @Override
    public ExecuteBatchResult executeBatchProtobuf(StatementHandle h, List<Requests.UpdateBatch> updateBatches)
            throws NoSuchStatementException {
        requireOwn(h);
        return super.executeBatchProtobuf(h, updateBatches);
    }

    @Override
    public void closeStatement(StatementHandle h) {
        if (!owns(h)) {
            return; // closing what is not there: nothing to do, as for any unknown statement
        }
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
        cancel(statement(h)); // end() closes it
    }
}
