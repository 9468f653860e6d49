package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The mistakes a user can make with export and report: one line each, and no file left behind. */
class CaptureFileCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aDirectoryThatIsNoCaptureIsOneLine() {
        for (String command : new String[] {"export", "report"}) {
            CliRun run = command.equals("export")
                    ? CliRun.of("export", tmp.resolve("none").toString(), "--format", "perfetto", "-o",
                            tmp.resolve("t.json").toString())
                    : CliRun.of("report", tmp.resolve("none").toString(), "-o", tmp.resolve("r.html").toString());
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err().strip()).isEqualTo("sysql: no such capture directory: " + tmp.resolve("none"));
        }
    }

    @Test
    void anOutputInAMissingDirectoryNamesIt() throws IOException {
        Path capture = importedCapture();
        Path missing = tmp.resolve("missing");
        CliRun run = CliRun.of("report", capture.toString(), "-o", missing.resolve("r.html").toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("sysql: cannot write " + missing.resolve("r.html")
                + ": no such directory: " + missing);

        CliRun ok = CliRun.of("export", capture.toString(), "--format", "perfetto", "-o",
                tmp.resolve("t.json").toString());
        assertThat(ok.status()).as(ok.err()).isZero();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cap", "t.json");
        }
    }

    @Test
    void anUnknownFormatListsTheKnownOnes() {
        CliRun run = CliRun.of("export", tmp.toString(), "--format", "orc", "-o", tmp.resolve("x").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("sysql: Invalid value for option '--format': expected one of [perfetto, parquet]");
    }

    @Test
    void parquetWritesADirectoryOfCapturesAndItsMistakesAreOneLine() throws IOException {
        Path capture = importedCapture();
        Path lake = tmp.resolve("lake");
        CliRun ok = CliRun.of("export", capture.toString(), "--format", "parquet", "-o", lake.toString());
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(ok.err()).startsWith("sysql: exported ").contains(" to " + lake + ": ");
        assertThat(lake.resolve("events")).isDirectory();

        CliRun again = CliRun.of("export", capture.toString(), "--format", "parquet", "-o", lake.toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("sysql: cannot write " + lake + ": it exists (give a new directory)");

        CliRun two = CliRun.of("export", capture.toString(), lake.toString(), "--format", "perfetto", "-o",
                tmp.resolve("t.json").toString());
        assertThat(two.status()).isEqualTo(1);
        assertThat(two.err().strip()).isEqualTo("sysql: --format perfetto writes one capture (2 given)");
    }

    /** syscall.scap imported into tmp/cap. */
    private Path importedCapture() {
        Path capture = tmp.resolve("cap");
        assertThat(CliRun.of("import", ScapSamples.require("syscall.scap").toString(), "-o", capture.toString())
                .status()).isZero();
        return capture;
    }
}
