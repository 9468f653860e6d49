package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.storage.history.HistoryIndexFile;
import io.sysql.storage.journal.Journal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every file of a recorded capture, damaged every way a disk or a careless hand damages it (deleted, cut at
 * several points, one byte changed, replaced by a symbolic link): {@code info}, {@code query} (a count, a
 * GROUP BY over the head columns, an AS OF over the history index) and {@code index --rebuild} either answer
 * as they do over the whole capture, or fail with one line naming the damaged file. Never another answer,
 * never a stack trace.
 */
class DamagedCaptureTest {
    private static final String COUNT = "SELECT count(*) FROM events";
    private static final String GROUP_BY =
            "SELECT type, errno_name, count(*) AS n FROM events GROUP BY type, errno_name ORDER BY type, errno_name";
    private static final String AS_OF = "SELECT pid, fd, name FROM fds AS OF %d ORDER BY pid, fd";

    @TempDir
    static Path tmp;
    private static Path whole;
    /** What each command prints over the whole capture, the capture's directory replaced by DIR. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    @BeforeAll
    static void recordOnce() throws Exception {
        Samples.assumeStrace();
        whole = tmp.resolve("whole");
        Cli rec = Cli.run("record", "-o", whole.toString(), "--", "sh", "-c",
                "cat /etc/hostname; ls /etc > /dev/null; exec 3< /etc/passwd; cat /etc/os-release");
        assertThat(rec.status).as(rec.toString()).isZero();
        long last = Long.parseLong(Cli.run("query", whole.toString(), COUNT).out.strip().split("\n")[1].strip());
        for (Map.Entry<String, String[]> c : commands(whole, last).entrySet()) {
            Cli run = Cli.run(c.getValue());
            assertThat(run.status).as(run.toString()).isZero();
            EXPECTED.put(c.getKey(), normalized(run, whole));
        }
    }

    /** The commands checked, by name, over {@code dir}. */
    private static Map<String, String[]> commands(Path dir, long events) {
        Map<String, String[]> all = new LinkedHashMap<>();
        String d = dir.toString();
        all.put("info", new String[] {"info", d});
        all.put("count", new String[] {"query", d, COUNT});
        all.put("group by", new String[] {"query", d, GROUP_BY});
        all.put("as of", new String[] {"query", d, String.format(AS_OF, events * 2 / 3)});
        all.put("index --rebuild", new String[] {"index", "--rebuild", d});
        return all;
    }

    /**
     * What a run printed, with the capture's directory written DIR (the recorder's own files, open when it
     * read its ancestors' fds, are under the whole capture's) and without how long it took.
     */
    private static String normalized(Cli run, Path dir) {
        return (run.out + run.err).replace(dir.toAbsolutePath().toString(), "DIR")
                .replace(whole.toAbsolutePath().toString(), "DIR").replaceAll(" in \\d+ ms", "");
    }

    /** The files of a capture, relative to its directory. */
    private static List<Path> filesOf(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    @Test
    void everyFileOfTheCaptureIsCovered() throws IOException {
        List<String> names = filesOf(whole).stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).contains(CaptureMetadata.FILE_NAME, HistoryIndexFile.FILE_NAME)
                .containsAll(HeadColumns.FILES).anyMatch(n -> Journal.isCycleFile(n)).contains("strings.dict");
    }

    @Test
    void aDamagedFileIsRepairedOrNamedNeverReadWrong() throws Exception {
        long last = Long.parseLong(EXPECTED.get("count").split("\n")[1].strip());
        List<String> refusals = new ArrayList<>();
        int answered = 0;
        int cases = 0;
        for (Path file : filesOf(whole)) {
            for (Damage damage : damagesOf(whole.resolve(file))) {
                cases++;
                for (Map.Entry<String, String[]> command : commands(whole, last).entrySet()) {
                    Path dir = tmp.resolve("case-" + cases + "-" + command.getKey().replace(' ', '-'));
                    copy(whole, dir);
                    damage.apply(dir.resolve(file));
                    String[] args = commands(dir, last).get(command.getKey());
                    Cli run = Cli.run(args);
                    String what = file + " " + damage.name + ", " + command.getKey() + ":\n" + run;
                    assertThat(run.out + run.err).as(what).doesNotContain("Exception", "\tat ", "Error:");
                    if (run.status == 0) {
                        assertThat(normalized(run, dir)).as(what).isEqualTo(EXPECTED.get(command.getKey()));
                        answered++;
                    } else {
                        assertThat(run.out).as(what).isEmpty();
                        assertThat(run.err.strip()).as(what).doesNotContain("\n")
                                .contains(file.getFileName().toString());
                        refusals.add(run.err.strip());
                    }
                    delete(dir);
                }
            }
        }
        // Derived files are rebuilt from the journal: at least those answer; journal damage is refused.
        assertThat(answered).as("runs that answered as over the whole capture").isPositive();
        assertThat(refusals).as("runs refused").anyMatch(r -> r.contains("cut short"))
                .anyMatch(r -> r.contains("symbolic link")).anyMatch(r -> r.contains("missing"));
    }

    /** One way a file is damaged. */
    private record Damage(String name, Action action) {
        void apply(Path file) throws IOException {
            action.apply(file);
        }
    }

    @FunctionalInterface
    private interface Action {
        void apply(Path file) throws IOException;
    }

    private static List<Damage> damagesOf(Path file) throws IOException {
        long size = Files.size(file);
        long content = contentLength(file);
        List<Damage> all = new ArrayList<>();
        all.add(new Damage("deleted", Files::delete));
        for (long at : new long[] {0, Math.min(size - 1, 10), content / 2, content - 1, size - 1}) {
            all.add(new Damage("cut at byte " + at, f -> {
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                    raf.setLength(at);
                }
            }));
        }
        for (long at : new long[] {content / 3, content - 2}) {
            all.add(new Damage("byte " + at + " changed", f -> {
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                    raf.seek(at);
                    int b = raf.read();
                    raf.seek(at);
                    raf.write(b ^ 0x10);
                }
            }));
        }
        all.add(new Damage("replaced by a symbolic link to a copy", f -> {
            Path elsewhere = Files.createTempFile(tmp, "elsewhere", "");
            Files.copy(f, elsewhere, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.delete(f);
            Files.createSymbolicLink(f, elsewhere);
        }));
        return all;
    }

    /** The bytes up to the file's last non-zero one (Chronicle's cycle file is mostly zeros allocated ahead). */
    private static long contentLength(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 1 && bytes[end - 1] == 0) {
            end--;
        }
        return Math.max(2, end);
    }

    /** Copies a capture keeping sparse files sparse (the journal's cycle file is mostly unallocated). */
    private static void copy(Path from, Path to) throws IOException, InterruptedException {
        Process cp = new ProcessBuilder("cp", "-a", "--sparse=always", from.toString(), to.toString())
                .inheritIO().start();
        assertThat(cp.waitFor()).isZero();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
