package io.sysql.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.storage.columns.HeadColumns;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Fuzzes the readers of a capture's files (the journal's cycle file and string dictionary, the history
 * index, the head columns and their type names, the metadata) with damaged copies: bytes changed, the file
 * cut, a range copied over another. Opening and reading the damaged capture (every event, the state at an
 * event, the head columns) either gives what the whole capture gives or fails with a one-line
 * {@link CaptureException} naming the file: never another answer, another exception, a fault or a hang.
 */
class DamagedFilesFuzzTest {
    private static final List<String> FILES = List.of("journal/strings.dict", "journal/metadata.cq4t",
            "history.idx", HeadColumns.FILE_NAME, "events.types", CaptureMetadata.FILE_NAME, "CYCLE");
    private static Path root;
    private static Path whole;
    private static List<String> answer;

    @BeforeContainer
    static void record() throws IOException {
        root = Files.createTempDirectory("damaged-files-fuzz");
        whole = root.resolve("whole");
        try (CaptureWriter w = CaptureWriter.create(whole, false, "test", "unit")) {
            long ts = 1_000;
            Event p = Event.of(EventKinds.SNAP_PROCESS, 100, 100);
            p.name = "app";
            p.ppid = 1;
            p.ts = ts++;
            w.accept(p);
            for (int i = 0; i < 1_500; i++) {
                Event open = Event.of(EventKinds.OPENAT, 100, 100);
                open.ts = ts++;
                open.res = i % 7 == 0 ? -1 : 3 + i % 40;
                open.errno = i % 7 == 0 ? 2 : 0;
                open.path = "/tmp/f" + i % 300;
                open.fdType = FdType.FILE;
                w.accept(open);
                if (i % 2 == 1) {
                    Event close = Event.of(EventKinds.CLOSE, 100, 100);
                    close.ts = ts++;
                    close.fd = 3 + i % 40;
                    w.accept(close);
                }
            }
        }
        answer = read(whole);
    }

    @AfterContainer
    static void remove() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** Everything a reader of the capture sees, as text. */
    private static List<String> read(Path dir) {
        try (Capture c = Capture.open(dir)) {
            return read(c, c.lastNum());
        }
    }

    /** Everything a reader of the capture sees of its events {@code 1..last}, as text. */
    private static List<String> read(Capture c, long last) {
        List<String> seen = new ArrayList<>();
        seen.add("last " + last);
        Map<String, Long> types = new TreeMap<>();
        Event e = new Event();
        long sum = 0;
        try (var cursor = c.events(1)) {
            while (cursor.next(e) && e.num <= last) {
                sum = sum * 31 + e.num + e.ts + e.res + (e.path == null ? 0 : e.path.hashCode());
                types.merge(e.kind.name(), 1L, Long::sum);
            }
        }
        seen.add("types " + types);
        seen.add("events " + sum);
        for (long at : new long[] {1, last / 3, last}) {
            var state = c.at(at);
            state.fds().forEach(f -> seen.add(at + " fd " + f.pid + " " + f.fd + " " + f.name + " " + f.ufd));
            state.processes().forEach(pr -> seen.add(at + " process " + pr.upid + " " + pr.pid + " " + pr.name));
        }
        long rows = Math.min(c.columns().rows(), last);
        if (rows > 0) {
            String[] names = c.columns().typeNames();
            HeadColumns.Reader r = c.columns().reader(1, rows);
            StringBuilder heads = new StringBuilder();
            while (r.nextBlock()) {
                for (int i = 0; i < r.blockRows(); i++) {
                    heads.append(names[r.typeId(i)]).append(r.errno(i)).append(',');
                }
            }
            seen.add("heads " + heads.toString().hashCode());
        }
        return seen;
    }

    record Mutation(int kind, double at, double from, int length, int value) {
        void apply(Path file) throws IOException {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                byte[] bytes = new byte[(int) Math.min(raf.length(), 4 << 20)];
                raf.readFully(bytes);
                if (bytes.length == 0) {
                    return;
                }
                int end = bytes.length;
                while (end > 1 && bytes[end - 1] == 0) {
                    end--; // the written part of a file allocated ahead (Chronicle's)
                }
                int pos = (int) (at * end);
                switch (kind) {
                    case 0 -> {
                        raf.seek(Math.min(pos, end - 1));
                        raf.write(bytes[Math.min(pos, end - 1)] ^ (value == 0 ? 1 : value));
                    }
                    case 1 -> raf.setLength(pos);
                    default -> {
                        int src = (int) (from * end);
                        raf.seek(pos);
                        raf.write(bytes, src, Math.max(0, Math.min(length, Math.min(end - src, end - pos))));
                    }
                }
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 512),
                Arbitraries.integers().between(0, 255)).as(Mutation::new);
    }

    @Property
    void aDamagedFileIsRepairedOrNamed(@ForAll("file") String name,
            @ForAll @Size(min = 1, max = 3) List<@From("mutation") Mutation> mutations) throws Exception {
        Path dir = root.resolve("try");
        Process cp = new ProcessBuilder("cp", "-a", "--sparse=always", whole.toString(), dir.toString()).start();
        assertThat(cp.waitFor()).isZero();
        try {
            Path file = name.equals("CYCLE") ? cycleFile(dir) : dir.resolve(name);
            for (Mutation m : mutations) {
                m.apply(file);
            }
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (Capture c = Capture.open(dir); Capture complete = Capture.open(whole)) {
                    long last = c.lastNum();
                    if (c.damage() != null) { // read up to the damage: as the whole capture's first events
                        assertThat(c.damage()).as(name + " " + mutations).doesNotContain("\n")
                                .contains(file.getFileName().toString());
                        assertThat(read(c, last)).as(name + " " + mutations).isEqualTo(read(complete, last));
                    } else {
                        assertThat(read(c, last)).as(name + " " + mutations).isEqualTo(answer);
                    }
                } catch (CaptureException refused) {
                    assertThat(refused.getMessage()).as(name + " " + mutations).doesNotContain("\n")
                            .contains(file.getFileName().toString());
                }
            });
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Provide
    Arbitrary<String> file() {
        return Arbitraries.of(FILES);
    }

    private static Path cycleFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("journal"))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }
}
