package io.sysql.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.function.Supplier;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a capture in another tool's format.",
                "perfetto: Chrome JSON Trace Event format, for ui.perfetto.dev, its trace processor",
                "and chrome://tracing."})
final class ExportCommand extends CaptureFileCommand {
    /** The formats, each written by one class. */
    enum Format {
        perfetto(PerfettoExport::new);

        private final Supplier<CaptureExport> writer;

        Format(Supplier<CaptureExport> writer) {
            this.writer = writer;
        }
    }

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "One of: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Override
    CaptureExport writer() {
        return format.writer.get();
    }
}
