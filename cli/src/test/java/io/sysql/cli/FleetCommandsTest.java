package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sysql.storage.Capture;
import io.sysql.storage.journal.Journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Several captures given to the commands (two imported sysdig captures, in a directory of their own):
 * {@code query} and the chisels answer over both, each row with its capture's host and name, as the union of
 * what each capture alone answers; one of them damaged, over the events before the damage, and they say so.
 */
class FleetCommandsTest {
    @TempDir
    static Path tmp;
    static Path caps;
    static Path a;
    static Path b;
    /** cat_write.scap imported twice, side by side: two captures of one host. */
    static Path oneHost;
    static Path first;
    static Path second;

    /** b imported again, a byte of its journal changed near the end of its events. */
    static Path damagedB;
    static String damage;
    /** The last event of damagedB read: the last before the damage. */
    static long lastRead;

    @BeforeAll
    static void importTwo() throws IOException {
        caps = tmp.resolve("caps");
        a = caps.resolve("a");
        b = caps.resolve("b");
        damagedB = tmp.resolve("damaged").resolve("b");
        oneHost = tmp.resolve("one-host");
        first = oneHost.resolve("first");
        second = oneHost.resolve("second");
        for (String[] sample : new String[][] {{"connect_localhost.scap", a.toString()}, {"cat_write.scap", b.toString()},
                {"cat_write.scap", damagedB.toString()}, {"cat_write.scap", first.toString()},
                {"cat_write.scap", second.toString()}}) {
            CliRun imported = CliRun.of("import", ScapSamples.require(sample[0]).toString(), "-o", sample[1]);
            assertThat(imported.status()).as(imported.err()).isZero();
        }
        changeAByteNearTheEndOfTheEvents(damagedB);
        try (Capture c = Capture.open(damagedB)) {
            damage = c.damage();
            lastRead = c.lastNum();
        }
        assertThat(damage).contains("checksum mismatch");
    }

    private static void changeAByteNearTheEndOfTheEvents(Path capture) throws IOException {
        Path cycle;
        try (Stream<Path> files = Files.list(capture.resolve(Journal.DIR_NAME))) {
            cycle = files.filter(f -> Journal.isCycleFile(f.getFileName().toString())).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(cycle); // the events first, then zeros Chronicle allocated ahead
        int at = IntStream.range(0, bytes.length).filter(i -> bytes[i] != 0).max().orElseThrow() - 100;
        try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw")) {
            file.seek(at);
            file.write(bytes[at] ^ 0x10);
        }
    }

    private static List<String> csv(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--format", "csv"));
        CliRun run = CliRun.of(command.toArray(String[]::new));
        assertThat(run.status()).as(run.err()).isZero();
        return run.out().lines().toList();
    }

    private static String host(Path capture) {
        return csv("query", capture.toString(), "SELECT host FROM capture").get(1);
    }

    @Test
    void queryOverSeveralCapturesIsTheUnionOfEachOnesAnswer() {
        String count = "SELECT COUNT(*) FROM processes";
        String perCapture = "SELECT capture, COUNT(*) FROM processes GROUP BY capture ORDER BY capture";
        List<String> expected = List.of("capture,COUNT(*)", "a," + csv("query", a.toString(), count).get(1),
                "b," + csv("query", b.toString(), count).get(1));
        assertThat(csv("query", a.toString(), b.toString(), perCapture)).isEqualTo(expected);
        assertThat(csv("query", caps.toString(), perCapture)).as("a directory of captures").isEqualTo(expected);
    }

    /** Each row of the chisel over {@code capture} alone (with {@code options}), its host and capture first. */
    private static List<String> rowsOf(String chisel, Path capture, String... options) {
        List<String> command = new ArrayList<>(List.of(chisel, capture.toString()));
        command.addAll(List.of(options));
        String hostAndCapture = host(capture) + "," + capture.getFileName() + ",";
        return csv(command.toArray(String[]::new)).stream().skip(1).map(row -> hostAndCapture + row).toList();
    }

    @Test
    void aChiselOverSeveralCapturesShowsEachRowsHostAndCapture() {
        List<String> expected = new ArrayList<>(rowsOf("ps", a));
        expected.addAll(rowsOf("ps", b));
        List<String> both = csv("ps", caps.toString());
        assertThat(both.get(0)).isEqualTo("host,capture," + csv("ps", a.toString()).get(0));
        assertThat(both.subList(1, both.size())).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theChiselsOverTwoCapturesOfOneHostSayWhichCaptureEachRowIsFrom() {
        assertThat(host(first)).isEqualTo(host(second));
        for (String chisel : List.of("ps", "lsof", "netstat")) {
            List<String> expected = new ArrayList<>(rowsOf(chisel, first));
            expected.addAll(rowsOf(chisel, second));
            List<String> both = csv(chisel, oneHost.toString());
            assertThat(both.get(0)).as(chisel).isEqualTo("host,capture," + csv(chisel, first.toString()).get(0));
            assertThat(both.subList(1, both.size())).as(chisel).containsExactlyElementsOf(expected);
        }
        assertThat(rowsOf("lsof", first)).as("the same files in each").hasSizeGreaterThan(1)
                .hasSameSizeAs(rowsOf("lsof", second));
    }

    @Test
    void aChiselChoosesOneCaptureOfAHostAndAPointInEach() {
        assertThat(csv("lsof", first.toString(), second.toString(), "--where", "capture = 'second'").stream().skip(1))
                .containsExactlyElementsOf(rowsOf("lsof", second));
        String at = Long.toString(Long.parseLong(csv("query", first.toString(), "SELECT MAX(num) FROM events").get(1)) / 2);
        List<String> expected = new ArrayList<>(rowsOf("lsof", first, "--at", at));
        expected.addAll(rowsOf("lsof", second, "--at", at));
        assertThat(csv("lsof", oneHost.toString(), "--at", at).stream().skip(1)).containsExactlyElementsOf(expected)
                .isNotEqualTo(Stream.concat(rowsOf("lsof", first).stream(), rowsOf("lsof", second).stream()).toList());
    }

    @Test
    void aChiselChoosingOneCaptureReadsItAtAPointPastTheEndOfTheOthers() {
        long lastOfA = Long.parseLong(csv("query", a.toString(), "SELECT MAX(num) FROM events").get(1));
        long lastOfB = Long.parseLong(csv("query", b.toString(), "SELECT MAX(num) FROM events").get(1));
        Path longer = lastOfA > lastOfB ? a : b;
        String name = longer.getFileName().toString();
        String pastTheOther = Long.toString(Math.max(lastOfA, lastOfB));
        for (String chisel : List.of("ps", "lsof", "netstat")) {
            assertThat(csv(chisel, caps.toString(), "--where", "capture = '" + name + "'", "--at", pastTheOther).stream()
                    .skip(1)).as(chisel).containsExactlyElementsOf(rowsOf(chisel, longer, "--at", pastTheOther));
        }
    }

    @Test
    void aChiselsJsonOverSeveralCapturesNamesEachRowsHostAndCapture() throws IOException {
        CliRun run = CliRun.of("lsof", oneHost.toString(), "--format", "json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(run.out());
        List<String> names = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("host", "capture", "command", "pid", "user_name", "fd", "type", "name");
        assertThat(rows.findValuesAsText("capture")).containsOnly("first", "second").contains("first", "second");
    }

    /** The line a command over several captures prints when it opens damagedB. */
    private static String damagedBWarning(String consequence) {
        return "sysql: warning: damaged capture: b (host " + host(b) + "): " + damage + "; " + consequence;
    }

    @Test
    void aQueryThatReadsADamagedCaptureAmongSeveralSaysSoOnceAndAnswersOverItsEventsBeforeTheDamage() {
        String perCapture = "SELECT capture, COUNT(*), MAX(num) FROM events GROUP BY capture ORDER BY capture";
        CliRun run = CliRun.of("query", a.toString(), damagedB.toString(), perCapture, "--format", "csv");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEqualTo(damagedBWarning("answers cover those only") + "\n");
        assertThat(run.out().lines()).containsExactly("capture,COUNT(*),MAX(num)",
                "a," + csv("query", a.toString(), "SELECT COUNT(*), MAX(num) FROM events").get(1),
                "b," + csv("query", b.toString(), "SELECT COUNT(*), MAX(num) FROM events WHERE num <= " + lastRead)
                        .get(1));

        String processes = "SELECT pid, ppid, name, fd_count FROM processes%s ORDER BY pid";
        CliRun state = CliRun.of("query", a.toString(), damagedB.toString(),
                String.format(processes, " WHERE capture = 'b'"), "--format", "csv");
        assertThat(state.err()).isEqualTo(damagedBWarning("answers cover those only") + "\n");
        assertThat(state.out().lines()).as("the state at its last event read")
                .isEqualTo(csv("query", b.toString(), String.format(processes, " AS OF " + lastRead))).hasSizeGreaterThan(1);
    }

    @Test
    void aQueryThatDoesNotReadTheDamagedCaptureSaysNothingOfIt() {
        CliRun run = CliRun.of("query", a.toString(), damagedB.toString(),
                "SELECT COUNT(*) FROM events WHERE capture = 'a'", "--format", "csv");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(String.join("\n", csv("query", a.toString(), "SELECT COUNT(*) FROM events")) + "\n");
    }

    @Test
    void aChiselOverADamagedCaptureAmongSeveralSaysSoOnce() {
        List<String> expected = new ArrayList<>(rowsOf("ps", a));
        expected.addAll(rowsOf("ps", b, "--at", Long.toString(lastRead)));
        CliRun run = CliRun.of("ps", a.toString(), damagedB.toString(), "--format", "csv");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEqualTo(damagedBWarning("answers cover those only") + "\n");
        assertThat(run.out().lines().skip(1).toList()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void anExportOfADamagedCaptureSaysOnlyTheEventsBeforeTheDamageWereExported() {
        long eventsOfA = Long.parseLong(csv("query", a.toString(), "SELECT COUNT(*) FROM events").get(1));
        CliRun run = CliRun.of("export", a.toString(), damagedB.toString(), "--format", "parquet", "-o",
                tmp.resolve("lake").toString());
        assertThat(run.status()).as("a partial export's status: " + run.err()).isEqualTo(3);
        assertThat(run.err().lines().toList()).hasSize(2).first()
                .isEqualTo("sysql: warning: damaged capture: " + damage + "; only those were exported");
        assertThat(run.err().lines().toList().get(1))
                .startsWith(String.format("sysql: exported %,d events of 2 capture(s)", eventsOfA + lastRead));
    }

    @Test
    void topReadsOneCapture() {
        CliRun top = CliRun.of("top", a.toString(), b.toString());
        assertThat(top.status()).isNotZero();
        assertThat(top.err().strip()).isEqualTo("sysql: top reads one capture: give one DIR");
    }

    @Test
    void theUiAndServeWithItRefuseADirectoryOfCapturesInOneLine() {
        String refusal = "sysql: the ui shows one capture, and " + caps + " holds several: give it one of them";
        for (String[] command : new String[][] {{"ui", caps.toString(), "--port", "0"},
                {"serve", caps.toString(), "--ui", "--port", "0"}}) {
            CliRun run = CliRun.of(command);
            assertThat(run.status()).as(command[0]).isNotZero();
            assertThat(run.err().strip()).as(command[0]).isEqualTo(refusal);
        }
        CliRun two = CliRun.of("serve", a.toString(), b.toString(), "--ui", "--port", "0");
        assertThat(two.err().strip()).isEqualTo("sysql: the ui shows one capture, not 2: give it one capture directory");
        CliRun report = CliRun.of("report", caps.toString(), "-o", tmp.resolve("report.html").toString());
        assertThat(report.status()).isNotZero();
        assertThat(report.err().strip()).isEqualTo("sysql: the timeline is one capture's: give one capture directory,"
                + " not several");
    }
}
