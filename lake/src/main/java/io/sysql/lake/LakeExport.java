package io.sysql.lake;

import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code sysql export DIR… --format parquet -o OUT}: captures as Parquet tables in a Hive layout,
 * {@code OUT/TABLE/host=H/date=YYYY-MM-DD/part-CAPTURE.parquet}, which Spark, Trino and DuckDB read as
 * tables partitioned by host and UTC day. Every row carries its {@code capture} (the directory's name), so
 * captures of one host stay apart. The export is written beside OUT and moved into place when complete: a
 * failed export leaves nothing at OUT.
 */
public final class LakeExport {
    static final String HOST = "host";
    static final String DATE = "date";
    static final String CAPTURE = "capture";

    /** How far an export got, for a progress line. */
    @FunctionalInterface
    public interface Progress {
        /** {@code events} of capture {@code capture}'s {@code total} written so far. */
        void events(String capture, long events, long total);
    }

    /** What an export wrote: rows per table, events, and the Parquet files' bytes. */
    public record Summary(Map<String, Long> rows, long events, long bytes, int files) {
    }

    private LakeExport() {
    }

    /** Writes the captures under {@code out}, which must not exist (or be an empty directory). */
    public static Summary write(List<Path> captures, Path out, Progress progress) {
        Path target = out.toAbsolutePath().normalize();
        checkTarget(target);
        Map<String, Path> names = names(captures);
        Path partial;
        try {
            partial = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
        } catch (IOException e) {
            throw new ExportException("cannot write " + out + ": " + e.getMessage(), e);
        }
        List<Capture> opened = new ArrayList<>();
        try {
            for (Path dir : names.values()) {
                opened.add(Capture.open(dir)); // every capture readable before anything is written
            }
            Map<String, Long> rows = new HashMap<>();
            long events = 0;
            long bytes = 0;
            int files = 0;
            List<String> captureNames = new ArrayList<>(names.keySet());
            for (int i = 0; i < opened.size(); i++) {
                for (LakeTable<?> table : LakeTables.ALL) {
                    PartitionedWriter<?> w = writeTable(table, opened.get(i), partial, captureNames.get(i), progress);
                    rows.merge(table.name(), w.rows(), Long::sum);
                    for (Path f : w.files()) {
                        bytes += Files.size(f);
                        files++;
                    }
                    if (table == LakeTables.EVENTS) {
                        events += w.rows();
                    }
                }
            }
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target); // empty, as checked: replaced by the export
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            return new Summary(rows, events, bytes, files);
        } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
            throw new ExportException("cannot write " + out + ": it appeared while exporting");
        } catch (IOException e) {
            throw new ExportException("cannot write " + out + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ExportException("cannot write " + out + ": " + e.getCause().getMessage(), e);
        } finally {
            opened.forEach(Capture::close);
            if (partial != null) {
                deleteTree(partial);
            }
        }
    }

    private static <R> PartitionedWriter<R> writeTable(LakeTable<R> table, Capture capture, Path out, String name,
            Progress progress) throws IOException {
        long total = capture.lastNum();
        try (PartitionedWriter<R> w = new PartitionedWriter<>(table, out, host(capture), name)) {
            table.rows().forEach(capture, r -> {
                w.write(r);
                if (table == LakeTables.EVENTS && (w.rows() & 0xffff) == 0) {
                    progress.events(name, w.rows(), total);
                }
            });
            if (table == LakeTables.EVENTS) {
                progress.events(name, w.rows(), total);
            }
            return w;
        }
    }

    /** The capture's host: the recording machine's name from its metadata, else the directory's name. */
    static String host(Capture capture) {
        String host = capture.metadata().get(CaptureMetadata.HOST);
        return host == null || host.isBlank() ? captureName(capture.directory()) : host;
    }

    private static String captureName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "/" : name.toString();
    }

    /** Each capture by its name; two of one name would mix their rows. */
    private static Map<String, Path> names(List<Path> captures) {
        if (captures.isEmpty()) {
            throw new ExportException("no capture to export");
        }
        Map<String, Path> names = new LinkedHashMap<>();
        for (Path dir : captures) {
            Path other = names.putIfAbsent(captureName(dir), dir);
            if (other != null) {
                throw new ExportException("two captures are named " + captureName(dir) + " (" + other + ", " + dir
                        + "): every row is told apart by its capture's directory name; rename one");
            }
        }
        return names;
    }

    private static void checkTarget(Path target) {
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ExportException("cannot write " + target + ": no such directory: " + parent);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            boolean empty;
            try (Stream<Path> s = Files.list(target)) {
                empty = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && s.findAny().isEmpty();
            } catch (IOException e) {
                empty = false;
            }
            if (!empty) {
                throw new ExportException("cannot write " + target + ": it exists (give a new directory)");
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException ignored) {
                    // what is left of a failed export is named .OUT.partial-*: the error matters more
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
