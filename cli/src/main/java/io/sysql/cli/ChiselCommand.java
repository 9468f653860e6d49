package io.sysql.cli;

import picocli.CommandLine.Option;
import io.sysql.sql.Fleet;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the chisels (ps, lsof, netstat, top) share: each is one SQL statement over a capture, with a
 * condition on what to see ({@code --where}) and a point in time ({@code --at}), printed like sysdig's chisel.
 */
abstract class ChiselCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR",
            description = "The capture directory; several (or a directory of captures) are read as one.")
    List<Path> dirs;

    @Option(names = "--where", paramLabel = "PREDICATE",
            description = "An SQL condition on the rows' columns (what to see), e.g. \"proc_name = 'nginx'\".")
    String where;

    @Option(names = "--at", paramLabel = "WHEN",
            description = "When: an event number, a timestamp ('2026-11-26 10:00:00.5' on this machine's clock,"
                    + " or an instant: '2026-11-26T10:00:00Z', '...+01:00'), or an SQL condition on events meaning the"
                    + " first event that matches it, e.g. \"proc_name = 'myapp' AND ends_process\" (the process's end;"
                    + " type = 'procexit' also matches each of its threads' ends). Default: the end of the capture.")
    String at;

    @Option(names = "--show-sql", description = "Print the SQL statement instead of running it.")
    boolean showSql;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, csv or json.")
    OutputFormat format;

    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    /** The statement the options ask for. */
    abstract String statement();

    /** The headers of a printed table, one per column of the statement. */
    abstract List<String> headers();

    /** The options whose text lands in the statement, with that text (null when not given). */
    String[][] optionTexts() {
        return new String[][] {{"--where", where}, {"--at", at}};
    }

    /** Whether the command answers over several captures (a fleet), with a host column. */
    boolean readsSeveralCaptures() {
        return true;
    }

    /** Whether the directories given are several captures (a fleet) rather than one. */
    final boolean severalCaptures() {
        return dirs.size() > 1 || Fleet.holdsCaptures(dirs.get(0));
    }

    /** Refuses, before the statement runs, options it would answer wrongly without saying (none by default). */
    void checkOptions(Connection c) throws SQLException {
    }

    @Override
    public Integer call() {
        String sql = statement();
        if (showSql) {
            System.out.println(sql);
            return 0;
        }
        if (!readsSeveralCaptures() && severalCaptures()) {
            throw new UserError(new CommandLine(this).getCommandName() + " reads one capture: give one DIR");
        }
        try (Connection c = Connections.open(dirs)) {
            checkOptions(c);
            QueryCommand.print(c, sql, new ResultPrinter(format, System.out)
                    .headers(headers()));
            return 0;
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        } catch (UserError e) {
            throw new UserError(inOptions(e.getMessage(), sql));
        }
    }

    /** A message about the statement, its positions said in the --where or --at text the user wrote. */
    private String inOptions(String message, String sql) {
        String[] lines = sql.split("\n", -1);
        Matcher m = POSITION.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int line = Integer.parseInt(m.group(1));
            int column = Integer.parseInt(m.group(2));
            String text = line <= lines.length ? lines[line - 1] : "";
            String said = m.group();
            for (String[] option : optionTexts()) {
                int start = option[1] == null ? -1 : text.indexOf(option[1].trim());
                if (start >= 0 && column > start && column <= start + option[1].trim().length()) {
                    said = "column " + (column - start) + " of " + option[0];
                    break;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(said));
        }
        m.appendTail(out);
        return out.toString();
    }
}
