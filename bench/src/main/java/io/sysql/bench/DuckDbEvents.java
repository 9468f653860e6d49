package io.sysql.bench;

import io.sysql.capture.event.Event;
import io.sysql.storage.Capture;
import io.sysql.storage.journal.Journal;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The events of a capture in an in-memory DuckDB table of the same name and columns: the scan baseline. */
final class DuckDbEvents implements AutoCloseable {
    private final Connection connection;
    private double loadSeconds;

    private DuckDbEvents(Connection connection) {
        this.connection = connection;
    }

    static DuckDbEvents load(Capture capture) throws SQLException {
        DuckDbEvents db = new DuckDbEvents(DriverManager.getConnection("jdbc:duckdb:"));
        try (Statement s = db.connection.createStatement()) {
            s.execute("CREATE TABLE events (num BIGINT, ts BIGINT, latency_ns BIGINT, cpu INTEGER, pid INTEGER, "
                    + "tid INTEGER, proc_name VARCHAR, type VARCHAR, res BIGINT, failed BOOLEAN, errno INTEGER, "
                    + "fd INTEGER, fd_name VARCHAR, fd_type VARCHAR, path VARCHAR)");
        }
        long start = System.nanoTime();
        Event e = new Event();
        try (DuckDBAppender a = db.connection.unwrap(DuckDBConnection.class).createAppender("events");
             Journal.Cursor cursor = capture.events(1)) {
            while (cursor.next(e)) {
                a.beginRow().append(e.num).append(e.ts).append(e.latencyNs).append(e.cpu).append(e.pid)
                        .append(e.tid);
                text(a, e.procName).append(e.kind.name()).append(e.res).append(e.failed()).append(e.errno).append(e.fd);
                text(text(text(a, e.fdName), e.fdType == null ? null : e.fdType.sqlName()), e.path).endRow();
            }
        }
        db.loadSeconds = (System.nanoTime() - start) / 1e9;
        return db;
    }

    private static DuckDBAppender text(DuckDBAppender a, String s) throws SQLException {
        return s == null ? a.appendNull() : a.append(s);
    }

    double loadSeconds() {
        return loadSeconds;
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
