package io.sysql.lake;

import io.sysql.capture.event.Event;
import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.history.HistoryIndex;

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
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code sysql export DIR… --format parquet -o OUT}: captures as Parquet tables in a Hive layout,
 * {@code OUT/TABLE/host=H/date=YYYY-MM-DD/part-CAPTURE.parquet}, which Spark, Trino and DuckDB read as
 * tables partitioned by host and UTC day. A large capture's events are written in parts by parallel threads,
 * one more file per part ({@code part-CAPTURE+N.parquet}): encoding Parquet costs over ten times reading the
 * journal, so one thread per core is what makes an export as fast as the machine. Every row carries its
 * {@code capture} (the directory's name), so captures of one host stay apart. The export is written beside OUT and moved into place when complete: a
 * failed export leaves nothing at OUT.
 */
public final class LakeExport {
    static final String HOST = "host";
    static final String DATE = "date";
    static final String CAPTURE = "capture";
    /**
     * Events per part at least: a capture of fewer than twice this is written by one thread (a part is a file
     * per day, and each file buffers a row group in memory).
     */
    static final long MIN_PART_EVENTS = 1L << 18;
    /** Events between two progress reports of a part. */
    private static final long PROGRESS_STEP = 1L << 16;

    /** How far an export got, for a progress line. */
    @FunctionalInterface
    public interface Progress {
        /** {@code events} of capture {@code capture}'s {@code total} written so far. */
        void events(String capture, long events, long total);
    }

    /**
     * What an export wrote: rows per table, events, and the Parquet files' bytes; and the damage of each
     * damaged capture ({@link Capture#damage}, in the order given), of which the events before the damage
     * are all that was written.
     */
    public record Summary(Map<String, Long> rows, long events, long bytes, int files, List<String> damaged) {
    }

    private LakeExport() {
    }

    /** Writes the captures under {@code out}, which must not exist (or be an empty directory). */
    public static Summary write(List<Path> captures, Path out, Progress progress) {
        return write(captures, out, progress, Runtime.getRuntime().availableProcessors(), MIN_PART_EVENTS);
    }

    /**
     * As {@link #write(List, Path, Progress)}, the events on {@code threads} threads, one task per part of at
     * least {@code minPartEvents} of a capture's events (at most one part per thread), the other tables on the
     * calling thread.
     */
    static Summary write(List<Path> captures, Path out, Progress progress, int threads, long minPartEvents) {
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
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sysql-export");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Path dir : names.values()) {
                opened.add(Capture.open(dir)); // every capture readable before anything is written
            }
            Path into = partial;
            List<Future<Written>> tasks = new ArrayList<>();
            List<String> captureNames = new ArrayList<>(names.keySet());
            for (int i = 0; i < opened.size(); i++) {
                Capture capture = opened.get(i);
                String name = captureNames.get(i);
                long last = capture.lastNum();
                long[] processEnds = capture.read(HistoryIndex::processEnds);
                EventCount count = new EventCount(name, last, progress);
                int parts = (int) Math.max(1, Math.min(threads, last / minPartEvents));
                long perPart = Math.floorDiv(last + parts - 1, parts);
                for (int part = 0; part < parts; part++) {
                    long from = 1 + part * perPart;
                    long to = Math.min(last, from + perPart - 1);
                    int p = part;
                    tasks.add(pool.submit(() -> writeEvents(capture, into, name, p, from, to, processEnds, count)));
                }
            }
            // The other tables on this thread meanwhile: a pool task after the events' would leave a core idle
            // while it ran alone at the end.
            List<Written> written = new ArrayList<>();
            for (int i = 0; i < opened.size(); i++) {
                for (LakeTable<?> table : LakeTables.ALL) {
                    if (table != LakeTables.EVENTS) {
                        written.add(writeTable(table, opened.get(i), into, captureNames.get(i)));
                    }
                }
            }
            for (Future<Written> task : tasks) {
                written.add(finished(task));
            }
            Map<String, Long> rows = new HashMap<>();
            long bytes = 0;
            int files = 0;
            for (Written w : written) {
                rows.merge(w.table(), w.rows(), Long::sum);
                for (Path f : w.files()) {
                    bytes += Files.size(f);
                    files++;
                }
            }
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target); // empty, as checked: replaced by the export
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            List<String> damaged = opened.stream().map(Capture::damage).filter(Objects::nonNull).toList();
            return new Summary(rows, rows.getOrDefault(LakeTables.EVENTS.name(), 0L), bytes, files, damaged);
        } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
            throw new ExportException("cannot write " + out + ": it appeared while exporting");
        } catch (IOException e) {
            throw new ExportException("cannot write " + out + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ExportException("cannot write " + out + ": " + e.getCause().getMessage(), e);
        } finally {
            stop(pool); // no task writes under partial once it is deleted
            opened.forEach(Capture::close);
            if (partial != null) {
                deleteTree(partial);
            }
        }
    }

    /** What one task wrote of one table. */
    private record Written(String table, long rows, List<Path> files) {
    }

    private static Written writeEvents(Capture capture, Path out, String name, int part, long from, long to,
            long[] processEnds, EventCount count) throws IOException {
        try (PartitionedWriter<Event> w = new PartitionedWriter<>(LakeTables.EVENTS, out, host(capture), name, part)) {
            LakeTables.forEachEvent(capture, from, to, processEnds, e -> {
                w.write(e);
                if (w.rows() % PROGRESS_STEP == 0) {
                    count.add(PROGRESS_STEP);
                }
            });
            count.add(w.rows() % PROGRESS_STEP);
            return new Written(LakeTables.EVENTS.name(), w.rows(), w.files());
        }
    }

    private static <R> Written writeTable(LakeTable<R> table, Capture capture, Path out, String name) throws IOException {
        try (PartitionedWriter<R> w = new PartitionedWriter<>(table, out, host(capture), name, 0)) {
            table.rows().forEach(capture, w::write);
            return new Written(table.name(), w.rows(), w.files());
        }
    }

    /** A task's result, its failure thrown as it was thrown in the task. */
    private static <T> T finished(Future<T> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportException("export interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A capture's events written so far over all its parts, told to the progress line. */
    private static final class EventCount {
        private final String capture;
        private final long total;
        private final Progress progress;
        private long done;

        EventCount(String capture, long total, Progress progress) {
            this.capture = capture;
            this.total = total;
            this.progress = progress;
        }

        void add(long events) {
            synchronized (progress) { // one progress line for all the export's threads
                done += events;
                progress.events(capture, done, total);
            }
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
