package io.sysql.lake;

import io.sysql.sql.schema.Column;
import io.sysql.sql.schema.SqlType;

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
 * One capture's rows of one table (or one part of its events), written as
 * {@code TABLE/host=H/date=D/part-CAPTURE.parquet} ({@code part-CAPTURE+N.parquet} for a later part: {@code +}
 * is never in an encoded capture name, so no capture's file can be another's part): a Parquet file per UTC day
 * of the rows' partition instants, opened at the day's first row.
 */
final class PartitionedWriter<R> implements AutoCloseable {
    private final LakeTable<R> table;
    private final List<Column<R>> columns;
    private final Path hostDir;
    private final String fileName;
    private final Map<Long, ParquetRowFile<R>> byDay = new HashMap<>();
    private final List<Path> written = new ArrayList<>();
    private long rows;

    /** {@code part} 0 for a table written whole, else which part of the capture's events. */
    PartitionedWriter(LakeTable<R> table, Path out, String host, String capture, int part) {
        this.table = table;
        this.columns = new ArrayList<>();
        this.columns.add(new Column<>(LakeExport.CAPTURE, SqlType.VARCHAR,
                "the capture's name (its directory's)", r -> capture));
        this.columns.addAll(table.columns());
        this.hostDir = out.resolve(table.name()).resolve(LakeExport.HOST + "=" + PartitionValue.encode(host));
        this.fileName = "part-" + PartitionValue.encode(capture) + (part == 0 ? "" : "+" + part) + ".parquet";
    }

    void write(R row) {
        long day = Math.floorDiv(table.partitionTs().applyAsLong(row), 86_400_000_000_000L);
        ParquetRowFile<R> w = byDay.get(day);
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

    private ParquetRowFile<R> open(long day) throws IOException {
        LocalDate date = LocalDate.ofInstant(Instant.ofEpochSecond(day * 86_400L), ZoneOffset.UTC);
        Path dir = hostDir.resolve(LakeExport.DATE + "=" + date);
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        written.add(file);
        return new ParquetRowFile<>(table.name(), columns, file);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ParquetRowFile<R> w : byDay.values()) {
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
}
