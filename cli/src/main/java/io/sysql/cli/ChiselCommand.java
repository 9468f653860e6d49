package io.sysql.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;

/**
 * What ps, lsof and netstat share: each is one SQL statement over a capture, with a condition on
 * what to see ({@code --where}) and a point in time ({@code --at}), printed like sysdig's chisel.
 */
abstract class ChiselCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The capture directory.")
    Path dir;

    @Option(names = "--where", paramLabel = "PREDICATE",
            description = "An SQL condition on the rows' columns (what to see), e.g. \"proc_name = 'nginx'\".")
    String where;

    @Option(names = "--at", paramLabel = "WHEN",
            description = {"When: an event number, a timestamp ('2026-11-26 10:00:00.5'), or an SQL condition on",
                    "events meaning the first event that matches it, e.g. \"proc_name = 'myapp' AND ends_process\"",
                    "(the process's end; type = 'procexit' also matches each of its threads' ends).",
                    "Default: the end of the capture."})
    String at;

    @Option(names = "--show-sql", description = "Print the SQL statement instead of running it.")
    boolean showSql;

    @Option(names = {"-f", "--format"}, defaultValue = "table", description = "table, csv or json.")
    OutputFormat format;

    /** The statement: the chisel's columns over its tables, all {@code AS OF asOf} (empty for "now"). */
    abstract String sql(String asOf, String where);

    @Override
    public Integer call() {
        String asOf = at == null ? "" : " AS OF " + When.asOfClause(at);
        String sql = sql(asOf, where == null || where.isBlank() ? "TRUE" : ChiselCondition.of("--where", where));
        if (showSql) {
            System.out.println(sql);
            return 0;
        }
        try (Connection c = Connections.open(dir); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            new ResultPrinter(format, System.out).print(rs);
            return 0;
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        }
    }
}
