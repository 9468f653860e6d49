package io.sysql.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run one SQL statement on a capture and print the result.",
                "State tables (processes, threads, fds, connections, ancestors) show the end of the capture;",
                "add AS OF to see them at an event or instant, e.g.:",
                "  sysql query DIR \"SELECT fd, name FROM fds AS OF 1200 WHERE pid = 42\""})
final class QueryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The capture directory.")
    Path dir;

    @Parameters(index = "1", paramLabel = "SQL", description = "The statement.")
    String sql;

    @Option(names = {"-f", "--format"}, defaultValue = "table",
            description = "table (aligned, for people), csv or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Override
    public Integer call() {
        try (Connection c = Connections.open(dir); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            new ResultPrinter(format, System.out).print(rs);
            return 0;
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        }
    }
}
