package io.sysql.lake;

import java.nio.file.Path;
import java.sql.Connection;
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
    List<List<String>> query(String sql) throws Exception {
        return Engines.rows(duck, sql);
    }
}
