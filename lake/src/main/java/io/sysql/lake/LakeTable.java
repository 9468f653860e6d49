package io.sysql.lake;

import io.sysql.sql.schema.Column;
import io.sysql.storage.Capture;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * One table of an export: its name (the directory under the output), the columns its Parquet files hold
 * (besides {@code capture}; {@code host} and {@code date} are Hive partitions, in the path only), the
 * instant that picks a row's {@code date} partition, and how its rows are read from a capture.
 */
record LakeTable<R>(String name, List<Column<R>> columns, ToLongFunction<R> partitionTs, RowSource<R> rows) {

    /** Streams a capture's rows of the table; a row object may be reused once the consumer returns. */
    @FunctionalInterface
    interface RowSource<R> {
        void forEach(Capture capture, Consumer<R> sink);
    }
}
