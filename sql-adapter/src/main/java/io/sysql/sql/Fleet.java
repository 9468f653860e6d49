package io.sysql.sql;

import io.sysql.storage.CaptureException;
import io.sysql.storage.CaptureFiles;
import io.sysql.storage.CaptureMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Several captures queried as one database (a {@link FleetSchema} over them): each capture named by its
 * directory and by the host it was recorded on. Only the captures' metadata is read up front; a capture's
 * journal and history index are opened the first time a query needs one of its rows, so a query that
 * names one host opens that host's captures only.
 */
public final class Fleet implements AutoCloseable {
    /** Captures are opened and scanned this many at a time. */
    private static final int PARALLELISM = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final List<FleetMember> members;
    private final AtomicInteger opened = new AtomicInteger();
    private volatile BiConsumer<String, String> damaged = (capture, damage) -> { };
    private final ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM, r -> {
        Thread t = new Thread(r, "sysql-fleet");
        t.setDaemon(true);
        return t;
    });

    private Fleet(List<Path> captures) {
        List<FleetMember> list = new ArrayList<>();
        boolean uniqueNames = captures.stream().map(Path::getFileName).distinct().count() == captures.size();
        for (Path dir : captures) {
            list.add(new FleetMember(this, dir, uniqueNames ? String.valueOf(dir.getFileName()) : dir.toString(),
                    hostOf(dir)));
        }
        this.members = List.copyOf(list);
    }

    /**
     * The captures in {@code dirs}: each a capture directory, or a directory holding capture directories
     * (all of them, by name). A {@link CaptureException} names a directory that is neither.
     */
    public static Fleet of(List<Path> dirs) {
        List<Path> captures = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path dir : dirs) {
            for (Path c : isCapture(dir) ? List.of(dir) : capturesIn(dir)) {
                if (seen.add(c.toAbsolutePath().normalize())) {
                    captures.add(c);
                }
            }
        }
        return new Fleet(captures);
    }

    /**
     * Whether {@code dir} is a directory holding captures rather than a capture. False for a damaged
     * capture (its metadata missing): opened as one capture, it is refused naming what is missing.
     */
    public static boolean holdsCaptures(Path dir) {
        if (isCapture(dir) || !Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(Fleet::isCapture);
        } catch (IOException e) {
            return false; // opened as one capture, which says what is wrong with it
        }
    }

    private static boolean isCapture(Path dir) {
        return Files.isRegularFile(dir.resolve(CaptureMetadata.FILE_NAME));
    }

    private static List<Path> capturesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CaptureException("no such capture directory: " + dir);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> captures = entries.filter(Fleet::isCapture).sorted().toList();
            if (captures.isEmpty()) {
                throw new CaptureException(dir + " is not a sysql capture, nor a directory holding captures");
            }
            return captures;
        } catch (IOException e) {
            throw new CaptureException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The host the capture was recorded on (its metadata), or its directory's name for a capture without it. */
    private static String hostOf(Path dir) {
        try {
            CaptureFiles.refuseForeign(dir);
            String host = CaptureMetadata.read(dir).get(CaptureMetadata.HOST);
            return host == null || host.isBlank() ? String.valueOf(dir.toAbsolutePath().getFileName()) : host;
        } catch (IOException e) {
            throw new CaptureException("cannot open capture " + dir + ": " + e.getMessage(), e);
        }
    }

    List<FleetMember> members() {
        return members;
    }

    /** The member named {@code capture} (its {@code capture} column), or null. */
    FleetMember member(String capture) {
        for (FleetMember m : members) {
            if (m.name().equals(capture)) {
                return m;
            }
        }
        return null;
    }

    /**
     * {@code work} done for each of {@code members}, in parallel (in the caller's thread for just one), the
     * results in their order; a query error names the capture it comes from.
     */
    <T> List<T> forEach(List<FleetMember> members, Function<FleetMember, T> work) {
        List<Future<T>> futures = new ArrayList<>();
        for (FleetMember m : members) {
            Callable<T> one = () -> {
                try {
                    return work.apply(m);
                } catch (SysqlQueryException e) {
                    throw new SysqlQueryException("capture " + m.described() + ": " + e.getMessage(), e);
                }
            };
            futures.add(members.size() == 1 ? CompletableFuture.completedFuture(callHere(one)) : pool.submit(one));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(await(f, futures));
        }
        return results;
    }

    private static <T> T callHere(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> f, List<Future<T>> all) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            all.forEach(o -> o.cancel(true));
            Thread.currentThread().interrupt();
            throw new QueryStoppedException("query cancelled");
        } catch (ExecutionException e) {
            all.forEach(o -> o.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Tells {@code warn}, once for each damaged capture as it is opened (by the first query that reads it),
     * which capture it is ({@code NAME (host HOST)}) and its {@link io.sysql.storage.Capture#damage}: the
     * answers cover the events before the damage only. Which captures are damaged is known only once they
     * are opened: a query that chooses some captures opens, and so checks, only those.
     */
    public void onDamagedCapture(BiConsumer<String, String> warn) {
        damaged = warn;
    }

    void opened(FleetMember member, String damage) {
        opened.incrementAndGet();
        if (damage != null) {
            damaged.accept(member.described(), damage);
        }
    }

    /** How many captures have been opened (journal and index) since the fleet was made. */
    public int capturesOpened() {
        return opened.get();
    }

    /** The number of captures. */
    public int size() {
        return members.size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        members.forEach(FleetMember::close);
    }
}
