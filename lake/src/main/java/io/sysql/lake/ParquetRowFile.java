package io.sysql.lake;

import io.sysql.sql.schema.Column;
import io.sysql.sql.schema.SqlType;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Parquet file of a table's rows, each value read by its column's accessor and handed to parquet-java's
 * column writer for that column (no record objects, no record assembly: parquet-java's per-record path cost
 * about a third more CPU per event, bench/NOTES.md). Types: BIGINT int64, INTEGER int32, VARCHAR a UTF-8
 * string, BOOLEAN boolean, TIMESTAMP int64 microseconds adjusted to UTC (the unit Spark, Trino and DuckDB all
 * read as a timestamp; the exact nanoseconds stay in the BIGINT {@code *ts} columns). Every column is
 * optional: null is unknown. Pages are zstd-compressed Parquet 2 pages, so numbers are delta-coded.
 */
final class ParquetRowFile<R> implements AutoCloseable {
    /** Row groups of about this size: a writer buffers one in memory, and readers split work by them. */
    private static final long ROW_GROUP_BYTES = 64L << 20;
    /** Rows between two looks at the buffered size (each sums every column's buffers). */
    private static final int SIZE_CHECK_ROWS = 4096;
    /** Distinct strings kept per column with their UTF-8 bytes; past it the column starts afresh. */
    private static final int INTERNED_PER_COLUMN = 4096;

    private final MessageType schema;
    private final List<Column<R>> columns;
    private final SqlType[] types;
    private final ParquetProperties properties;
    private final CodecFactory codecs;
    private final BytesInputCompressor compressor;
    private final ParquetFileWriter file;
    /**
     * Per VARCHAR column, its recent strings as the {@link Binary} first made of them. Names and types repeat
     * from row to row; giving parquet-java's dictionary the same Binary again lets its look-up compare by
     * identity instead of byte by byte, and spares the encoding.
     */
    private final List<Map<String, Binary>> interned;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private ColumnWriter[] writers;
    private long groupRows;

    ParquetRowFile(String table, List<Column<R>> columns, Path path) throws IOException {
        this.schema = schema(table, columns);
        this.columns = columns;
        this.types = columns.stream().map(Column::type).toArray(SqlType[]::new);
        ParquetProperties.Builder props = ParquetProperties.builder()
                .withWriterVersion(WriterVersion.PARQUET_2_0)
                // per-value byte counts and level histograms for readers' planning: none of ours uses them
                .withSizeStatisticsEnabled(false);
        for (Column<R> c : columns) {
            // Numbers, times, sizes: mostly distinct, so a dictionary would be tried on each value and then
            // dropped; Parquet 2's delta coding is what stores them small.
            if (c.type() == SqlType.BIGINT || c.type() == SqlType.TIMESTAMP) {
                props.withDictionaryEncoding(c.name(), false);
            }
        }
        this.properties = props.build();
        this.interned = columns.stream()
                .<Map<String, Binary>>map(c -> c.type() == SqlType.VARCHAR ? new HashMap<>() : null).toList();
        this.codecs = new CodecFactory(new PlainParquetConfiguration(), properties.getPageSizeThreshold());
        this.compressor = codecs.getCompressor(CompressionCodecName.ZSTD);
        this.file = new ParquetFileWriter(new LocalOutputFile(path), schema, ParquetFileWriter.Mode.CREATE, ROW_GROUP_BYTES,
                0, null, properties);
        file.start();
        startRowGroup();
    }

    /** The Parquet schema of a table's columns, in their order. */
    static <R> MessageType schema(String table, List<Column<R>> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column<R> c : columns) {
            switch (c.type()) {
                case BIGINT -> b.optional(PrimitiveTypeName.INT64).named(c.name());
                case INTEGER -> b.optional(PrimitiveTypeName.INT32).named(c.name());
                case VARCHAR -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
                case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
                case TIMESTAMP -> b.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(c.name());
            }
        }
        return b.named(table);
    }

    void write(R row) throws IOException {
        for (int i = 0; i < writers.length; i++) {
            Object v = columns.get(i).valueOf(row);
            ColumnWriter w = writers[i];
            if (v == null) {
                w.writeNull(0, 0);
                continue;
            }
            switch (types[i]) {
                case BIGINT -> w.write(((Number) v).longValue(), 0, 1);
                case INTEGER -> w.write(((Number) v).intValue(), 0, 1);
                case VARCHAR -> w.write(utf8(i, (String) v), 0, 1);
                case BOOLEAN -> w.write((Boolean) v, 0, 1);
                case TIMESTAMP -> w.write(Math.floorDiv(((Number) v).longValue(), 1000L), 0, 1);
            }
        }
        store.endRecord();
        groupRows++;
        if (groupRows % SIZE_CHECK_ROWS == 0 && store.getBufferedSize() >= ROW_GROUP_BYTES) {
            endRowGroup();
            startRowGroup();
        }
    }

    private Binary utf8(int column, String text) {
        Map<String, Binary> known = interned.get(column);
        Binary b = known.get(text);
        if (b == null) {
            if (known.size() >= INTERNED_PER_COLUMN) {
                known.clear();
            }
            b = Binary.fromConstantByteArray(text.getBytes(StandardCharsets.UTF_8));
            known.put(text, b);
        }
        return b;
    }

    private void startRowGroup() {
        pages = new ColumnChunkPageWriteStore(compressor, schema, properties.getAllocator(),
                properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled());
        store = properties.newColumnWriteStore(schema, pages, pages);
        writers = schema.getColumns().stream().map(store::getColumnWriter).toArray(ColumnWriter[]::new);
        groupRows = 0;
    }

    private void endRowGroup() throws IOException {
        if (groupRows > 0) {
            file.startBlock(groupRows);
            store.flush();
            pages.flushToFileWriter(file);
            file.endBlock();
        }
        store.close();
        pages.close();
    }

    /** Writes the last row group and the footer. */
    @Override
    public void close() throws IOException {
        try {
            endRowGroup();
            file.end(Map.of());
        } finally {
            codecs.release();
        }
    }
}
