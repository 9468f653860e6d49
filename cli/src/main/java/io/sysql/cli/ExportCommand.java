package io.sysql.cli;

import io.sysql.lake.ExportException;
import io.sysql.lake.LakeExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write captures in another tool's format.",
                "perfetto: Chrome JSON Trace Event format, for ui.perfetto.dev, its trace processor",
                "and chrome://tracing (one capture, -o a file).",
                "parquet: the tables events, processes_history, threads_history, fds_history,",
                "connections_history and capture as Parquet files in a Hive layout,",
                "OUT/TABLE/host=H/date=YYYY-MM-DD/part-CAPTURE.parquet (a large capture's events in",
                "parts written in parallel: also part-CAPTURE+N.parquet), for Spark, Trino and DuckDB",
                "(any number of captures, -o a new directory; lake/sql holds their AS OF SQL)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every event of every capture was written",
                "3:a capture's journal is damaged: its events before the damage only were written (parquet)"})
final class ExportCommand implements Callable<Integer> {
    /** The formats; each is written by one class. */
    enum Format {
        perfetto,
        parquet
    }

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "The capture directories.")
    List<Path> dirs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "The file (perfetto) or the new directory (parquet) to write.")
    Path output;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "One of: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Override
    public Integer call() {
        return switch (format) {
            case perfetto -> CaptureFileCommand.write(single(), output, new PerfettoExport());
            case parquet -> lake();
        };
    }

    private Path single() {
        if (dirs.size() != 1) {
            throw new UserError("--format " + format + " writes one capture (" + dirs.size() + " given)");
        }
        return dirs.get(0);
    }

    private int lake() {
        ProgressLine progress = new ProgressLine(System.err, ProgressLine.stderrIsTerminal());
        long started = System.nanoTime();
        LakeExport.Summary s;
        try {
            s = LakeExport.write(dirs, output, progress::exported);
        } catch (ExportException e) {
            throw new UserError(e.getMessage());
        } finally {
            progress.clear();
        }
        for (String damage : s.damaged()) {
            System.err.println(Connections.damageWarning(damage, "only those were exported"));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.printf("sysql: exported %,d events of %d capture(s) to %s: %d Parquet files, %,.1f MB"
                + " (%,.0f events/s)%n", s.events(), dirs.size(), output, s.files(), s.bytes() / 1e6,
                s.events() / seconds);
        return s.damaged().isEmpty() ? 0 : IndexCommand.EXIT_DAMAGED; // written, but not all of it: as index says
    }
}
