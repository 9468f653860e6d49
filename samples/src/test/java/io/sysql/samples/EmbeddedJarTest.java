package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded driver as the one file a tool loads: sqlline with jdbc-driver/target/sysql-jdbc.jar and
 * nothing else of sysql (no Calcite, Chronicle or Avatica jar beside it) opens a capture directory.
 */
class EmbeddedJarTest {
    static final Path JAR = Path.of("..", "jdbc-driver", "target", "sysql-jdbc.jar");

    @TempDir
    Path tmp;

    @Test
    void sqllineWithOnlyTheDriverJarQueriesACaptureAndListsItsColumns() throws Exception {
        Samples.assumeStrace();
        assertThat(JAR).as("the jdbc-driver module builds it (mvn test or package)").isRegularFile();
        Path capture = tmp.resolve("cap");
        assertThat(Main.run("record", "-o", capture.toString(), "--", "true")).isZero();
        Path script = tmp.resolve("script.sql");
        Files.write(script, List.of("SELECT name FROM processes WHERE name = 'true';", "!columns fds"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Chronicle Queue's flags, as the driver's documentation asks of any JVM that opens a capture
        cmd.addAll(Arrays.asList(Files.readString(Path.of("..", "cli", "target", "launcher", "jvm.flags")).trim()
                .split("\\s+")));
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, RemoteJar.sqllineClasspath(JAR)), "sqlline.SqlLine",
                "-u", "jdbc:sysql:" + capture.toAbsolutePath(), "-n", "", "-p", "", "--outputformat=csv",
                "--run=" + script));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotContain("Error").doesNotContain("Exception");
        assertThat(out).contains("'name'").contains("'true'");
        assertThat(out).contains("'sysql','fds','local_port'");
    }
}
