package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command server as the launcher runs it: a server process, and client processes that relay a command
 * line to it. What a served command prints, reads and returns is what the same command prints, reads and
 * returns in the CLI's own process, from the client's working directory.
 */
class CommandServerTest {
    @TempDir
    static Path tmp;
    static Path socket;
    static Process server;

    @BeforeAll
    static void startServer() throws IOException {
        CliRun imported = CliRun.of("import", ScapSamples.require("curl_google.scap").toString(), "-o",
                tmp.resolve("cap").toString());
        assertThat(imported.status()).as(imported.err()).isZero();
        Path dir = Files.createDirectory(tmp.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socket = dir.resolve("server.sock");
        server = java("io.sysql.cli.CommandServer", socket.toString())
                .redirectOutput(dir.resolve("server.log").toFile()).redirectErrorStream(true).start();
    }

    @AfterAll
    static void stopServer() {
        server.destroy();
    }

    @Test
    void aServedCommandPrintsAndReturnsWhatItDoesInItsOwnProcess() throws Exception {
        String sql = "SELECT p.name, COUNT(*) AS fds FROM fds f JOIN processes p ON f.upid = p.upid"
                + " GROUP BY p.name ORDER BY 2 DESC, 1 LIMIT 5";
        CliRun inProcess = CliRun.of("query", tmp.resolve("cap").toString(), sql);
        Served served = client(tmp, null, "query", "cap", sql); // DIR relative to the client's directory
        assertThat(inProcess.status()).as(inProcess.err()).isZero();
        assertThat(served.status).as(served.err).isZero();
        assertThat(served.out).isEqualTo(inProcess.out()).contains("systemd");

        CliRun lsof = CliRun.of("lsof", tmp.resolve("cap").toString(), "--where", "proc_name = 'sshd'", "-f", "json");
        Served servedLsof = client(tmp, null, "lsof", "cap", "--where", "proc_name = 'sshd'", "-f", "json");
        assertThat(servedLsof.out).isEqualTo(lsof.out()).contains("\"command\": \"sshd\"");
    }

    @Test
    void statementsComeFromTheClientsStandardInput() throws Exception {
        Served served = client(tmp.resolve("cap"), "SELECT COUNT(*) AS n FROM processes;\nSELECT 'two' AS s;\n",
                "query", ".");
        assertThat(served.status).as(served.err).isZero();
        assertThat(served.out).isEqualTo(CliRun.of("query", tmp.resolve("cap").toString(),
                "SELECT COUNT(*) AS n FROM processes; SELECT 'two' AS s").out()).contains("two");
    }

    @Test
    void errorsAreTheSameOneLineAndStatus() throws Exception {
        Served served = client(tmp, null, "query", "cap", "SELECT nope FROM fds");
        CliRun inProcess = CliRun.of("query", tmp.resolve("cap").toString(), "SELECT nope FROM fds");
        assertThat(served.status).isEqualTo(inProcess.status()).isEqualTo(1);
        assertThat(served.err).isEqualTo(inProcess.err()).startsWith("sysql: Column 'nope' not found");
        assertThat(served.out).isEmpty();

        Served usage = client(tmp, null, "ps");
        assertThat(usage.status).isEqualTo(2);
        assertThat(usage.err).contains("Missing required parameter: 'DIR'");
    }

    @Test
    void aClientThatGoesAwayStopsItsQueryAndTheServerServesTheNext() throws Exception {
        Process endless = java("io.sysql.cli.CommandClient", socket.toString(), String.valueOf(server.pid()), "query",
                tmp.resolve("cap").toString(), "SELECT COUNT(*) FROM events a, events b, events c, events d")
                .directory(tmp.toFile()).start();
        assertThat(endless.waitFor(3, TimeUnit.SECONDS)).as("still running").isFalse();
        endless.destroy(); // as Ctrl-C ends it
        endless.waitFor();

        Served next = client(tmp, null, "query", "cap", "SELECT 1 AS n");
        assertThat(next.status).as(next.err).isZero();
        assertThat(next.out).isEqualTo("n\n1\n");
    }

    @Test
    void withoutAServerNothingRunsAndTheLauncherIsToldSo() throws Exception {
        Process p = java("io.sysql.cli.CommandClient", tmp.resolve("none.sock").toString(), "-", "query",
                "cap", "SELECT 1").start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(CommandClient.NOT_SERVED);
        assertThat(p.getInputStream().readAllBytes()).isEmpty();
    }

    private record Served(int status, String out, String err) {
    }

    private static Served client(Path workingDirectory, String stdin, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(socket.toString(), String.valueOf(server.pid())));
        args.addAll(Arrays.asList(command));
        ProcessBuilder pb = java("io.sysql.cli.CommandClient", args.toArray(new String[0]))
                .directory(workingDirectory.toFile());
        Path in = Files.writeString(Files.createTempFile(tmp, "stdin", ""), stdin == null ? "" : stdin);
        Path out = Files.createTempFile(tmp, "out", "");
        Path err = Files.createTempFile(tmp, "err", "");
        Process p = pb.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Served(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** This build's classes in a JVM of their own, with the flags the launcher gives it. */
    private static ProcessBuilder java(String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(Files.readString(Path.of("target", "launcher", "jvm.flags")).trim().split("\\s+")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd);
    }
}
