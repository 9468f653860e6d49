package io.sysql.lake;

import static io.trino.testing.TestingSession.testSessionBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.log.Level;
import io.airlift.log.Logging;
import io.sysql.sql.schema.Column;
import io.sysql.sql.schema.SqlType;
import io.trino.Session;
import io.trino.plugin.hive.HivePlugin;
import io.trino.spi.type.TimeZoneKey;
import io.trino.testing.MaterializedRow;
import io.trino.testing.StandaloneQueryRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trino (its in-process server, the Hive connector with a file metastore over the local file system) over the
 * export, with lake/sql/trino.sql's tables and views, answers as sysql does.
 */
class TrinoParityTest extends LakeParity {
    private StandaloneQueryRunner trino;

    @Override
    void openEngine(Path lake) throws Exception {
        Logging.initialize().setLevel("io.trino", Level.WARN);
        Path metastore = Files.createDirectories(lake.resolveSibling("trino-metastore"));
        Session session = testSessionBuilder().setCatalog("lake").setSchema("sysql")
                .setTimeZoneKey(TimeZoneKey.UTC_KEY).build();
        // A query's stages are tasks polled over HTTP even in one process: on a busy machine their status
        // calls may wait longer than the default minute of errors before a query is failed.
        trino = new StandaloneQueryRunner(session, server -> server
                .addProperty("query.remote-task.max-error-duration", "10m"));
        trino.installPlugin(new HivePlugin());
        trino.createCatalog("lake", "hive", Map.of(
                "hive.metastore", "file",
                "hive.metastore.catalog.dir", local(metastore),
                "fs.local.enabled", "true",
                "local.location", "/",
                "hive.timestamp-precision", "MICROSECONDS"));
        for (String sql : LakeSql.statements(Engines.shippedSql("trino"))) {
            trino.execute(sql.replace("${lake}", local(lake)));
        }
    }

    /** A path as the Hive connector's local file system names it (its root is /). */
    private static String local(Path path) {
        return "local://" + path.toAbsolutePath();
    }

    @Override
    void closeEngine() {
        if (trino != null) {
            trino.close();
        }
    }

    @Override
    List<List<String>> query(String sql) {
        return Engines.text(trino.execute(sql).getMaterializedRows().stream().map(MaterializedRow::getFields).toList());
    }

    /**
     * trino.sql declares every exported table with the export's columns and types: Trino reads Parquet
     * columns by name, so a column it does not declare would be missing without a word.
     */
    @Test
    void tablesDeclareTheExportedColumns() {
        for (LakeTable<?> table : LakeTables.ALL) {
            List<List<String>> exported = new ArrayList<>();
            exported.add(List.of(LakeExport.CAPTURE, "varchar"));
            exported.add(List.of(LakeExport.HOST, "varchar"));
            exported.add(List.of(LakeExport.DATE, "date"));
            for (Column<?> c : table.columns()) {
                exported.add(List.of(c.name(), trinoType(c.type())));
            }
            exported.sort(Engines::compare);
            assertThat(query("SELECT column_name, data_type FROM information_schema.columns"
                    + " WHERE table_schema = 'sysql' AND table_name = '" + table.name() + "'"))
                    .as(table.name()).isEqualTo(exported);
        }
    }

    private static String trinoType(SqlType type) {
        return switch (type) {
            case BIGINT -> "bigint";
            case INTEGER -> "integer";
            case VARCHAR -> "varchar";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamp(6)";
        };
    }

    @Override
    String atEvent(String capture, long num) {
        return "%s_at WHERE capture = '" + capture + "' AND at_num = " + num;
    }

    @Override
    String atInstant(String capture, String t) {
        return "%s_as_of WHERE TIMESTAMP '" + t + "' BETWEEN as_of_from AND as_of_to AND capture = '" + capture + "'";
    }

    @Override
    String readmeSection() {
        return Readme.TRINO;
    }
}
