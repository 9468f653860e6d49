package io.sysql.lake;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/** DuckDB (duckdb_jdbc) over the export, with lake/sql/duckdb.sql's views and macros, answers as sysql does. */
class DuckDbParityTest extends LakeParity {
    private Connection duck;

    @Override
    void openEngine(Path lake) throws Exception {
        duck = Engines.duckdb(lake);
    }

    @Override
    void closeEngine() throws Exception {
        if (duck != null) {
            duck.close();
        }
    }

    @Override
    List<List<String>> stateAt(String table, List<String> columns, String capture, long num) throws Exception {
        return Engines.rows(duck, "SELECT " + String.join(", ", columns) + " FROM " + table + "_at(?, ?)", capture, num);
    }

    @Override
    List<List<String>> stateAsOf(String table, List<String> columns, String capture, Instant t) throws Exception {
        return Engines.rows(duck, "SELECT " + String.join(", ", columns) + " FROM " + table
                + "_as_of(CAST(? AS TIMESTAMPTZ)) WHERE capture = ?", t.toString(), capture);
    }

    @Override
    List<List<String>> lakeEventsPerTypePerHost() throws Exception {
        return Engines.rows(duck, "SELECT host, type, COUNT(*) FROM events GROUP BY host, type");
    }

    @Override
    List<List<String>> lakeClientSocketsMetByServerAccepts() throws Exception {
        return Engines.rows(duck, """
                WITH client AS (SELECT DISTINCT capture, ufd, local_ip, local_port, remote_ip, remote_port
                                  FROM fds_history
                                 WHERE NOT is_server AND local_port IS NOT NULL AND remote_port IS NOT NULL)
                SELECT c.capture, c.ufd, a.capture, a.num, f.fd, f.name
                  FROM client c
                  JOIN events a ON a.local_ip = c.remote_ip AND a.local_port = c.remote_port
                               AND a.remote_ip = c.local_ip AND a.remote_port = c.local_port
                  JOIN fds_at(a.capture, a.num) f ON f.pid = a.pid
                 WHERE a.type IN ('accept', 'accept4') AND NOT a.failed AND a.capture <> c.capture""");
    }
}
