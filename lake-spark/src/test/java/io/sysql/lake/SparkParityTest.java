package io.sysql.lake;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** Spark SQL (local[2]) over the export, with lake/sql/spark.sql's views and table functions, answers as sysql does. */
class SparkParityTest extends LakeParity {
    private SparkSession spark;

    @Override
    void openEngine(Path lake) throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("sysql-lake-parity")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.warehouse.dir", lake.resolveSibling("spark-warehouse").toString())
                .getOrCreate();
        spark.sql("SET lake=" + lake);
        for (String sql : LakeSql.statements(Engines.shippedSql("spark"))) {
            spark.sql(sql);
        }
    }

    @Override
    void closeEngine() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Override
    List<List<String>> query(String sql) {
        return Engines.text(spark.sql(sql).collectAsList().stream()
                .map(r -> IntStream.range(0, r.size()).mapToObj(r::get).toList()).toList());
    }
}
