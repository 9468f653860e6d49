package io.sysql.lake;

import io.sysql.sql.schema.Column;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a table's row objects straight into Parquet columns, each value read by its column's accessor (no
 * intermediate record). Types: BIGINT int64, INTEGER int32, VARCHAR a UTF-8 string, BOOLEAN boolean,
 * TIMESTAMP int64 microseconds adjusted to UTC (the unit Spark, Trino and DuckDB all read as a timestamp;
 * the exact nanoseconds stay in the BIGINT {@code *ts} columns). Every column is optional: null is unknown.
 */
final class RowWriteSupport<R> extends WriteSupport<R> {
    private final MessageType schema;
    private final List<Column<R>> columns;
    private final String[] names;
    /** Per column, the last string written and its UTF-8 bytes: names and types repeat from row to row. */
    private final String[] lastText;
    private final Binary[] lastBinary;
    private RecordConsumer out;

    RowWriteSupport(String table, List<Column<R>> columns) {
        this.columns = columns;
        this.schema = schema(table, columns);
        this.names = columns.stream().map(Column::name).toArray(String[]::new);
        this.lastText = new String[names.length];
        this.lastBinary = new Binary[names.length];
    }

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

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(R row) {
        out.startMessage();
        for (int i = 0; i < names.length; i++) {
            Column<R> c = columns.get(i);
            Object v = c.valueOf(row);
            if (v == null) {
                continue;
            }
            out.startField(names[i], i);
            switch (c.type()) {
                case BIGINT -> out.addLong(((Number) v).longValue());
                case INTEGER -> out.addInteger(((Number) v).intValue());
                case VARCHAR -> out.addBinary(utf8(i, (String) v));
                case BOOLEAN -> out.addBoolean((Boolean) v);
                case TIMESTAMP -> out.addLong(Math.floorDiv(((Number) v).longValue(), 1000L));
            }
            out.endField(names[i], i);
        }
        out.endMessage();
    }

    private Binary utf8(int column, String text) {
        if (!text.equals(lastText[column])) {
            lastText[column] = text;
            lastBinary[column] = Binary.fromConstantByteArray(text.getBytes(StandardCharsets.UTF_8));
        }
        return lastBinary[column];
    }
}
