package io.sysql.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a capture in another tool's format.",
                "perfetto: Chrome JSON Trace Event format, for ui.perfetto.dev, its trace processor and"
                        + " chrome://tracing."})
final class ExportCommand implements Callable<Integer> {
    /** The formats, each written by one class. */
    enum Format {
        perfetto(PerfettoExport::new);

        private final Supplier<CaptureExport> writer;

        Format(Supplier<CaptureExport> writer) {
            this.writer = writer;
        }
    }

    @Parameters(index = "0", paramLabel = "DIR", description = "The capture directory.")
    Path dir;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "One of: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The file to write.")
    Path output;

    @Override
    public Integer call() {
        try (Connection c = Connections.open(dir);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
            format.writer.get().write(c, out);
            return 0;
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        } catch (IOException e) {
            throw new UserError("cannot write " + output + ": " + e.getMessage());
        }
    }
}
