package io.sysql.cli;

import picocli.CommandLine.Command;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML file about a capture, to mail or attach to a ticket.",
                "It holds a timeline, top processes, files and connections, processes that exited with fds open,",
                "failed calls by errno. Each section shows the SQL it ran. No script, nothing loaded from elsewhere."})
final class ReportCommand extends CaptureFileCommand {
    @Override
    CaptureExport writer() {
        return new HtmlReport();
    }
}
