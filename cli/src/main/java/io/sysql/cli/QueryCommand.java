package io.sysql.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run one SQL statement on a capture and print the result.",
                "State tables (processes, threads, fds, connections, ancestors) show the end of the capture;",
                "add AS OF to see them at an event or instant, e.g.:",
                "  sysql query DIR \"SELECT fd, name FROM fds AS OF 1200 WHERE pid = 42\"",
                "With --live (root) there is no DIR: the whole machine is captured in the background (eBPF)",
                "and the tables show it as it is now:",
                "  sysql query --live \"SELECT pid, name, local_port FROM fds WHERE is_server\""})
final class QueryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "[DIR] SQL", arity = "1..2",
            description = "The capture directory (not with --live), then the statement.")
    List<String> operands;

    @Option(names = "--live", description = "Query the machine now: capture it system-wide in the background.")
    boolean live;

    @Option(names = {"-f", "--format"}, defaultValue = "table",
            description = "table (aligned, for people), csv or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Override
    public Integer call() {
        if (live != (operands.size() == 1)) {
            throw new UserError(live ? "--live queries the machine: give only the SQL statement"
                    : "query needs a capture directory and a statement (or --live and a statement)");
        }
        String sql = operands.get(operands.size() - 1);
        if (!live) {
            return run(Path.of(operands.get(0)), sql);
        }
        try (LiveCapture capture = LiveCapture.start()) {
            capture.catchUp();
            return run(capture.directory(), sql);
        }
    }

    private int run(Path dir, String sql) {
        try (Connection c = Connections.open(dir); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            new ResultPrinter(format, System.out).print(rs);
            return 0;
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        }
    }
}
