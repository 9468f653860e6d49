package io.sysql.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"An interactive SQL prompt on a capture: line editing, history (~/.sysql_history),",
                "statements over several lines ending with ';', completion of table and column names (Tab).",
                "\\d lists tables, \\d TABLE its columns, \\q quits.",
                "With --live (root, no DIR) the whole machine is captured in the background (eBPF) while the",
                "shell runs: tables show it as it is at each statement, AS OF reaches back to the shell's start."})
final class ShellCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The capture directory.")
    Path dir;

    @Option(names = "--live", description = "Capture the machine in the background and query it as it is now.")
    boolean live;

    private LiveCapture liveCapture;

    @Option(names = {"-f", "--format"}, defaultValue = "table", description = "table, csv or json.")
    OutputFormat format;

    @Override
    public Integer call() throws IOException {
        if (live == (dir != null)) {
            throw new UserError(live ? "--live captures the machine: give no DIR" : "shell needs DIR (or --live)");
        }
        if (!live) {
            return session(dir);
        }
        try (LiveCapture capture = LiveCapture.start()) {
            liveCapture = capture;
            return session(capture.directory());
        }
    }

    private int session(Path dir) throws IOException {
        try (Connection c = Connections.open(dir); Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            DatabaseMetaData md = c.getMetaData();
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("sysql")
                    .completer(new StringsCompleter(completions(md)))
                    // backslash starts \d and \q, and SQL has its own quoting: JLine must not unescape.
                    .parser(new DefaultParser().escapeChars(new char[0]))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".sysql_history"))
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   ...> ")
                    .build();
            PrintStream out = new PrintStream(terminal.output(), true);
            out.println("sysql shell on " + (live ? "this machine, live" : dir) + " — \\d lists tables, \\d TABLE its columns, \\q quits.");
            StringBuilder statement = new StringBuilder();
            while (true) {
                String line;
                try {
                    line = reader.readLine(statement.length() == 0 ? "sysql> " : "   ...> ");
                } catch (UserInterruptException e) {
                    statement.setLength(0);
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                String trimmed = line.trim();
                if (statement.length() == 0 && trimmed.startsWith("\\")) {
                    if (trimmed.equals("\\q")) {
                        return 0;
                    }
                    describe(md, trimmed, out);
                    continue;
                }
                statement.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    String sql = statement.toString().trim();
                    statement.setLength(0);
                    run(c, sql.substring(0, sql.length() - 1), out);
                }
            }
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        }
    }

    private void run(Connection c, String sql, PrintStream out) {
        if (liveCapture != null) {
            liveCapture.catchUp();
        }
        long started = System.nanoTime();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int rows = new ResultPrinter(format, out).print(rs);
            out.printf("(%d row%s, %d ms)%n", rows, rows == 1 ? "" : "s", (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            out.println("error: " + SqlErrors.describe(e));
        }
    }

    private static List<String> completions(DatabaseMetaData md) throws SQLException {
        TreeSet<String> words = new TreeSet<>(List.of("SELECT", "FROM", "WHERE", "JOIN", "ON", "AS", "OF",
                "FOR", "SYSTEM_TIME", "EVT", "TIMESTAMP", "GROUP", "BY", "ORDER", "LIMIT", "AND", "OR", "NOT",
                "LIKE", "IN", "EXISTS", "COUNT", "MIN", "MAX", "LATERAL", "TABLE", "fds_at", "processes_at", "threads_at"));
        try (ResultSet rs = md.getColumns(null, null, "%", "%")) {
            while (rs.next()) {
                words.add(rs.getString("TABLE_NAME"));
                words.add(rs.getString("COLUMN_NAME"));
            }
        }
        return new ArrayList<>(words);
    }

    private static void describe(DatabaseMetaData md, String command, PrintStream out) {
        String[] parts = command.split("\\s+", 2);
        if (!parts[0].equals("\\d")) {
            out.println("unknown command " + parts[0] + "; \\d lists tables, \\d TABLE its columns, \\q quits");
            return;
        }
        try {
            if (parts.length == 1) {
                try (ResultSet rs = md.getTables(null, null, "%", null)) {
                    while (rs.next()) {
                        out.printf("%-20s %s%n", rs.getString("TABLE_NAME"), nullToEmpty(rs.getString("REMARKS")));
                    }
                }
            } else {
                boolean any = false;
                try (ResultSet rs = md.getColumns(null, null, parts[1].trim(), "%")) {
                    while (rs.next()) {
                        any = true;
                        out.printf("%-18s %-10s %s%n", rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"),
                                nullToEmpty(rs.getString("REMARKS")));
                    }
                }
                if (!any) {
                    out.println("no table named " + parts[1].trim() + "; \\d lists them");
                }
            }
        } catch (SQLException e) {
            out.println("error: " + SqlErrors.describe(e));
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
