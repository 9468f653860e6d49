package io.sysql.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the benchmarks of the {@code bench} module in a JVM of their own, with a 1 GB heap: every query
 * kind must fit in it, and the bench module (DuckDB for the baseline) stays off the CLI's class path.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Build a synthetic capture and measure ingest, open, AS OF, per-row time travel, scans",
                "(against DuckDB), disk use and peak heap, each beside a baseline measured in the same run.",
                "Runs in its own JVM with -Xmx1g (SYSQL_BENCH_JAVA_OPTS adds options, e.g. a JFR recording)."})
final class BenchCommand implements Callable<Integer> {
    private static final String MAIN = "io.sysql.bench.BenchMain";

    @Option(names = "--events", paramLabel = "N", defaultValue = "10000000",
            description = "Events in the synthetic capture (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "The generator's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "3", description = "Repetitions of each timed measurement (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "20",
            description = "Untimed runs of each per-row and scan query (sysql's and DuckDB's) before the timed ones, "
                    + "so both are measured warm (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--dir", paramLabel = "DIR", description = "Build the capture here and keep it (default: a temporary directory, deleted).")
    Path dir;

    @Option(names = "--only", paramLabel = "KIND",
            description = "Measure only ingest, open, asof, perrow or scans (the capture is built first in any case).")
    String only;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!format.equals("table") && !format.equals("json")) {
            throw new UserError("--format must be table or json");
        }
        if (events < 1 || runs < 1 || warmup < 0) {
            throw new UserError("--events and --runs must be at least 1, --warmup at least 0");
        }
        Path home = Path.of(System.getProperty("sysql.home", "."));
        Path classes = home.resolve("bench/target/classes");
        Path classpath = home.resolve("bench/target/classpath");
        Path flags = home.resolve("cli/target/launcher/jvm.flags");
        if (!Files.isRegularFile(classpath) || !Files.isRegularFile(flags)) {
            throw new UserError("the bench module is not built: run 'mvn -q -DskipTests package' in " + home);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(Files.readString(flags).trim().split("\\s+")));
        command.add("-Xmx1g");
        String extra = System.getenv("SYSQL_BENCH_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", classes + ":" + Files.readString(classpath).trim(), MAIN,
                "--events", Long.toString(events), "--format", format, "--seed", Long.toString(seed),
                "--runs", Integer.toString(runs), "--warmup", Integer.toString(warmup)));
        if (only != null) {
            command.addAll(List.of("--only", only));
        }
        if (dir != null) {
            command.addAll(List.of("--dir", dir.toString()));
        }
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
