package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a sysql command in this JVM and keeps what it printed. */
final class Cli {
    final int status;
    final String out;
    final String err;

    private Cli(int status, String out, String err) {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    static synchronized Cli run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The rows {@code sysql top CAPTURE --format csv OPTIONS...} prints, each split at its commas. */
    static List<String[]> top(Path capture, String... options) {
        List<String> args = new ArrayList<>(List.of("top", capture.toString(), "--format", "csv"));
        args.addAll(List.of(options));
        Cli run = run(args.toArray(String[]::new));
        assertThat(run.status).as(run.err).isZero();
        return run.out.lines().skip(1).map(line -> line.split(",", -1)).toList();
    }

    @Override
    public String toString() {
        return "status " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
