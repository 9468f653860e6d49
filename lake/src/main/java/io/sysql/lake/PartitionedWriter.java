package io.sysql.lake;

import io.sysql.sql.schema.Column;
import io.sysql.sql.schema.SqlType;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One capture's rows of one table, written as {@code TABLE/host=H/date=D/part-CAPTURE.parquet}: a Parquet
 * writer per UTC day of the rows' partition instants, opened at the day's first row.
 */
final class PartitionedWriter<R> implements AutoCloseable {
    /** Row groups of this size: a writer buffers one in memory, and readers split work by them. */
    private static final long ROW_GROUP_BYTES = 64L << 20;

    private final LakeTable<R> table;
    private final List<Column<R>> columns;
    private final Path hostDir;
    private final String fileName;
    private final Map<Long, ParquetWriter<R>> byDay = new HashMap<>();
    private final List<Path> written = new ArrayList<>();
    private long rows;

    PartitionedWriter(LakeTable<R> table, Path out, String host, String capture) {
        this.table = table;
        this.columns = new ArrayList<>();
        this.columns.add(new Column<>(LakeExport.CAPTURE, SqlType.VARCHAR,
                "the capture's name (its directory's)", r -> capture));
        this.columns.addAll(table.columns());
        this.hostDir = out.resolve(table.name()).resolve(LakeExport.HOST + "=" + PartitionValue.encode(host));
        this.fileName = "part-" + PartitionValue.encode(capture) + ".parquet";
    }

    void write(R row) {
        long day = Math.floorDiv(table.partitionTs().applyAsLong(row), 86_400_000_000_000L);
        ParquetWriter<R> w = byDay.get(day);
        try {
            if (w == null) {
                w = open(day);
                byDay.put(day, w);
            }
            w.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
    }

    long rows() {
        return rows;
    }

    /** The files written so far (complete once closed). */
    List<Path> files() {
        return written;
    }

    private ParquetWriter<R> open(long day) throws IOException {
        LocalDate date = LocalDate.ofInstant(Instant.ofEpochSecond(day * 86_400L), ZoneOffset.UTC);
        Path dir = hostDir.resolve(LakeExport.DATE + "=" + date);
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        written.add(file);
        Builder<R> b = new Builder<>(new LocalOutputFile(file), new RowWriteSupport<>(table.name(), columns));
        for (Column<R> c : columns) {
            // Numbers, times, sizes: mostly distinct, so a dictionary is tried on each value and then dropped;
            // Parquet 2's delta coding is what stores them small.
            if (c.type() == SqlType.BIGINT || c.type() == SqlType.TIMESTAMP) {
                b.withDictionaryEncoding(c.name(), false);
            }
        }
        return b.withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriterVersion(WriterVersion.PARQUET_2_0)
                .withRowGroupSize(ROW_GROUP_BYTES)
                // per-value byte counts and level histograms for readers' planning: none of ours uses them
                .withSizeStatisticsEnabled(false)
                .build();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ParquetWriter<R> w : byDay.values()) {
            try {
                w.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        byDay.clear();
        if (first != null) {
            throw first;
        }
    }

    private static final class Builder<R> extends ParquetWriter.Builder<R, Builder<R>> {
        private final RowWriteSupport<R> support;

        Builder(OutputFile file, RowWriteSupport<R> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder<R> self() {
            return this;
        }

        @Override
        protected WriteSupport<R> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }

        @Override
        protected WriteSupport<R> getWriteSupport(Configuration conf) {
            return support;
        }
    }
}
