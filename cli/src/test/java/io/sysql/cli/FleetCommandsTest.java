package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several captures given to the commands (two imported sysdig captures, in a directory of their own):
 * {@code query} and the chisels answer over both, each row with its capture's host, as the union of
 * what each capture alone answers.
 */
class FleetCommandsTest {
    @TempDir
    static Path tmp;
    static Path caps;
    static Path a;
    static Path b;

    @BeforeAll
    static void importTwo() {
        caps = tmp.resolve("caps");
        a = caps.resolve("a");
        b = caps.resolve("b");
        for (String[] sample : new String[][] {{"connect_localhost.scap", "a"}, {"cat_write.scap", "b"}}) {
            CliRun imported = CliRun.of("import", ScapSamples.require(sample[0]).toString(), "-o",
                    caps.resolve(sample[1]).toString());
            assertThat(imported.status()).as(imported.err()).isZero();
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

    @Test
    void aChiselOverSeveralCapturesShowsEachRowsHost() {
        List<String> expected = new ArrayList<>();
        for (Path capture : List.of(a, b)) {
            csv("ps", capture.toString()).stream().skip(1).forEach(row -> expected.add(host(capture) + "," + row));
        }
        List<String> both = csv("ps", caps.toString());
        assertThat(both.get(0)).isEqualTo("host," + csv("ps", a.toString()).get(0));
        assertThat(both.subList(1, both.size())).containsExactlyInAnyOrderElementsOf(expected);
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
