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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every file of a recorded capture, damaged every way a disk or a careless hand damages it (deleted, cut at
 * several points, one byte changed, replaced by a symbolic link): {@code info}, {@code query} (a count, a
 * GROUP BY over the head columns, an AS OF over the history index, the capture table) and {@code index
 * --rebuild} either answer as they do over the whole capture; or, for a damaged journal, say so in one line
 * naming the file and the last event read, and answer as the whole capture does over its events up to that
 * one; or fail with one line naming the damaged file. Never another answer, never a stack trace.
 */
class DamagedCaptureTest {
    private static final String COUNT = "SELECT count(*) FROM events";
    private static final String GROUP_BY =
            "SELECT type, errno_name, count(*) AS n FROM events GROUP BY type, errno_name ORDER BY type, errno_name";
    private static final String AS_OF = "SELECT pid, fd, name FROM fds AS OF %d ORDER BY pid, fd";
    private static final String CAPTURE = "SELECT state, events FROM capture";
    /** What a damaged journal's reader says of the events it reads. */
    private static final Pattern READABLE = Pattern.compile("; events 1\\.\\.(\\d+) of [\\d,]+ readable");
    /** {@code index --rebuild} of a damaged capture (README). */
    private static final int INDEX_OF_DAMAGED = 3;

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
        all.put("capture table", new String[] {"query", d, "-f", "csv", CAPTURE});
        all.put("index --rebuild", new String[] {"index", "--rebuild", d});
        return all;
    }

    /**
     * What a run printed, with the capture's directory written DIR (the recorder's own files, open when it
     * read its ancestors' fds, are under the whole capture's) and without how long it took.
     */
    private static String normalized(Cli run, Path dir) {
        return normalized(run.out + run.err, dir);
    }

    private static String normalized(String printed, Path dir) {
        return printed.replace(dir.toAbsolutePath().toString(), "DIR")
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
        List<String> readUpToTheDamage = new ArrayList<>();
        Set<String> readAPrefix = new TreeSet<>();
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
                    Matcher readable = READABLE.matcher(run.out + run.err);
                    if (readable.find()) {
                        long lastRead = Long.parseLong(readable.group(1));
                        assertReadUpTo(lastRead, command.getKey(), run, dir, file, what);
                        readUpToTheDamage.add(file.getFileName() + " " + damage.name + ": " + lastRead);
                        if (lastRead < last) {
                            readAPrefix.add(file.getFileName() + " " + damage.name);
                        }
                    } else if (run.status == 0) {
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
        // Derived files are rebuilt from the journal: at least those answer. A journal damaged after its first
        // events is read up to the damage (cut at several points, a byte changed); one damaged before them,
        // or its dictionary, is refused.
        assertThat(answered).as("runs that answered as over the whole capture").isPositive();
        assertThat(readAPrefix).as("damage read up to a last good event before the end: " + readUpToTheDamage)
                .anyMatch(c -> c.contains(".cq4 byte ") && c.endsWith(" changed"))
                .filteredOn(c -> c.contains(".cq4 cut at")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(refusals).as("runs refused").anyMatch(r -> r.contains("cut short"))
                .anyMatch(r -> r.contains("symbolic link")).anyMatch(r -> r.contains("missing"));
    }

    /**
     * A run over a capture whose journal is damaged after event {@code lastRead}: it says so in one line naming
     * the file, and answers as the whole capture does over its events up to {@code lastRead}.
     */
    private static void assertReadUpTo(long lastRead, String command, Cli run, Path dir, Path file, String what) {
        String damage = (run.out + run.err).lines().filter(l -> READABLE.matcher(l).find()).findFirst().orElseThrow();
        assertThat(damage).as(what).contains("damaged").contains("journal file " + dir.resolve(file) + " at byte ");
        switch (command) {
            case "info" -> {
                assertThat(run.status).as(what).isZero();
                assertThat(run.out).as(what).contains("state:     damaged: journal file ")
                        .contains("events in journal: " + lastRead + "\n");
                Map<String, Long> perType = new TreeMap<>();
                run.out.substring(run.out.indexOf("events per type:")).lines().skip(1)
                        .forEach(l -> perType.put(l.strip().split(" +")[0], Long.parseLong(
                                l.strip().split(" +")[1].replace(",", ""))));
                Map<String, Long> expected = new TreeMap<>();
                Cli cut = Cli.run("query", whole.toString(), "-f", "csv",
                        "SELECT type, count(*) FROM events WHERE num <= " + lastRead + " GROUP BY type");
                cut.out.lines().skip(1).forEach(l -> expected.put(l.split(",")[0], Long.parseLong(l.split(",")[1])));
                assertThat(perType).as(what).isEqualTo(expected);
            }
            case "index --rebuild" -> {
                assertThat(run.status).as(what).isEqualTo(INDEX_OF_DAMAGED);
                assertThat(run.err).as(what).contains(String.format("covers %,d events (rebuilt", lastRead));
            }
            case "capture table" -> {
                assertThat(run.status).as(what).isZero();
                assertThat(run.out).as(what).isEqualTo("state,events\ndamaged," + lastRead + "\n");
            }
            case "as of" -> {
                long at = Long.parseLong(EXPECTED.get("count").split("\n")[1].strip()) * 2 / 3;
                if (at <= lastRead) {
                    assertAnsweredAsCut(command, lastRead, run, dir, damage, what);
                } else { // as the capture cut there would say
                    assertThat(run.status).as(what).isOne();
                    assertThat(run.err).as(what).isEqualTo(damage + "\nsysql: AS OF " + at
                            + " is past the end of the capture: it has " + lastRead + " events\n");
                }
            }
            default -> assertAnsweredAsCut(command, lastRead, run, dir, damage, what);
        }
    }

    private static void assertAnsweredAsCut(String command, long lastRead, Cli run, Path dir, String damage,
            String what) {
        assertThat(run.status).as(what).isZero();
        assertThat(run.err.strip()).as(what).isEqualTo(damage).startsWith("sysql: warning: damaged capture: ");
        assertThat(normalized(run.out, dir)).as(what).isEqualTo(normalized(cutAt(command, lastRead).out, whole));
    }

    /** What {@code command} prints over the whole capture cut after event {@code lastRead}. */
    private static Cli cutAt(String command, long lastRead) {
        long events = Long.parseLong(EXPECTED.get("count").split("\n")[1].strip());
        String sql = switch (command) {
            case "count" -> COUNT + " WHERE num <= " + lastRead;
            case "group by" -> GROUP_BY.replace(" GROUP BY", " WHERE num <= " + lastRead + " GROUP BY");
            case "as of" -> String.format(AS_OF, events * 2 / 3);
            default -> throw new IllegalArgumentException(command);
        };
        Cli cut = Cli.run("query", whole.toString(), sql);
        assertThat(cut.status).as(cut.toString()).isZero();
        return cut;
    }

    /** A copy of the whole capture in {@code dir}, its journal's cycle file (returned) cut short by a byte. */
    private static Path cutCopy(Path dir) throws Exception {
        copy(whole, dir);
        Path cycle;
        try (Stream<Path> files = Files.list(dir.resolve(Journal.DIR_NAME))) {
            cycle = files.filter(f -> Journal.isCycleFile(f.getFileName().toString())).findFirst().orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(cycle.toFile(), "rw")) {
            raf.setLength(contentLength(cycle) - 1);
        }
        return cycle;
    }

    @Test
    void aServedDamagedCaptureSaysSoInItsLogAndItsCaptureRow() throws Exception {
        Path dir = tmp.resolve("served");
        Path cycle = cutCopy(dir);
        try (ServeProcess served = ServeProcess.start(tmp, List.of(), dir.toString());
                Connection c = RemoteJar.connect(RemoteJar.driver(), served.jdbcUrl, null, null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT state, events, damage FROM capture")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("damaged");
            assertThat(rs.getString(3)).startsWith("journal file " + cycle + " at byte ")
                    .endsWith("; events 1.." + rs.getLong(2) + " of " + String.format("%,d",
                            Long.parseLong(EXPECTED.get("count").split("\n")[1].strip())) + " readable");
            assertThat(served.logText()).contains("sysql: warning: damaged capture: " + rs.getString(3)
                    + "; answers cover those only\n");
        }
    }

    @Test
    void aServedDamagedCaptureAmongSeveralSaysSoInItsLogWhenAQueryFirstReadsIt() throws Exception {
        Path fleet = tmp.resolve("served-fleet");
        Files.createDirectories(fleet);
        copy(whole, fleet.resolve("whole"));
        cutCopy(fleet.resolve("damaged"));
        try (ServeProcess served = ServeProcess.start(tmp, List.of(), fleet.toString());
                Connection c = RemoteJar.connect(RemoteJar.driver(), served.jdbcUrl, null, null);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM events WHERE capture = 'whole'")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(served.logText()).as("a query that does not read it").doesNotContain("damaged capture");
            try (ResultSet rs = st.executeQuery("SELECT host, state, damage FROM capture WHERE capture = 'damaged'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("damaged");
                assertThat(served.logText()).contains("sysql: warning: damaged capture: damaged (host "
                        + rs.getString(1) + "): " + rs.getString(3) + "; answers cover those only\n");
            }
        }
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
        for (long at : new long[] {0, Math.min(size - 1, 10), content / 2, content * 19 / 20, content - 1, size - 1}) {
            all.add(new Damage("cut at byte " + at, f -> {
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                    raf.setLength(at);
                }
            }));
        }
        for (long at : new long[] {content / 3, content * 29 / 30, content - 2}) {
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
