package io.sysql.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run SQL statements on a capture and print their results.",
                "State tables (processes, threads, fds, connections, ancestors) show the end of the",
                "capture; add AS OF to see them at an event or instant, e.g.:",
                "  sysql query DIR \"SELECT fd, name FROM fds AS OF 1200 WHERE pid = 42\"",
                "Several capture directories (or a directory of captures) are queried as one: every table",
                "has host and capture columns.",
                "Without SQL the statements come from --file, or from standard input; a ';' ends each.",
                "With --live (root) there is no DIR: the whole machine is captured in the background",
                "(eBPF) and the tables show it as it is now:",
                "  sysql query --live \"SELECT pid, name, local_port FROM fds WHERE is_server\""})
final class QueryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "[DIR...] [SQL]", arity = "0..*",
            description = "The capture directories (not with --live), then the statements.")
    List<String> operands = new ArrayList<>();

    @Option(names = "--live", description = "Query the machine now: capture it system-wide in the background.")
    boolean live;

    @Option(names = "--file", paramLabel = "FILE", description = "Read the statements from FILE.")
    Path file;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned, for people), csv or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Override
    public Integer call() {
        int dirs = live ? 0 : directories();
        if (live ? operands.size() > 1 : dirs == 0) {
            throw new UserError(live ? "--live queries the machine: give only the SQL statement"
                    : "query needs a capture directory, then a statement (or --file, or SQL on stdin)");
        }
        List<String> statements = statements(operands.size() > dirs ? operands.get(dirs) : null);
        if (!live) {
            return run(operands.subList(0, dirs).stream().map(Invocation.current()::path).toList(), statements);
        }
        try (LiveCapture capture = LiveCapture.start()) {
            capture.catchUp();
            return run(List.of(capture.directory()), statements);
        }
    }

    /** How many operands are capture directories: all but a last one that is no directory (the SQL). */
    private int directories() {
        int n = operands.size();
        return n > 1 && !Files.isDirectory(Invocation.current().path(operands.get(n - 1))) ? n - 1 : n;
    }

    private List<String> statements(String operand) {
        String text;
        if (operand != null && file != null) {
            throw new UserError("give the SQL or --file, not both");
        } else if (operand != null) {
            text = operand;
        } else if (file != null) {
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UserError(UserError.cannotRead(file, e));
            }
        } else if (!Invocation.current().interactive()) {
            try {
                text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserError("cannot read standard input: " + e.getMessage());
            }
        } else {
            throw new UserError("query needs a statement: as an argument, in --file FILE, or on standard input");
        }
        SqlScript script = SqlScript.of(text);
        List<String> statements = new ArrayList<>(script.statements());
        if (!script.rest().isEmpty()) {
            statements.add(script.rest()); // the last statement needs no ';'
        }
        if (statements.isEmpty()) {
            throw new UserError("no SQL statement given");
        }
        return statements;
    }

    private int run(List<Path> dirs, List<String> statements) {
        try (Connection c = Connections.open(dirs)) {
            for (int i = 0; i < statements.size(); i++) {
                if (i > 0 && format == OutputFormat.table) {
                    System.out.println();
                }
                print(c, statements.get(i), new ResultPrinter(format, System.out));
            }
            return 0;
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        }
    }

    /**
     * Runs a statement and prints its rows; what fails becomes one line for the user (an error in a
     * constant expression escapes Calcite as an {@link ExceptionInInitializerError}).
     */
    static void print(Connection c, String sql, ResultPrinter printer) {
        Invocation invocation = Invocation.current();
        try (Statement st = c.createStatement()) {
            invocation.running(st);
            try (ResultSet rs = st.executeQuery(sql)) {
                printer.print(rs);
            } finally {
                invocation.finished(st);
            }
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        } catch (ExceptionInInitializerError e) {
            String failed = SqlErrors.evaluation(e);
            throw failed != null ? new UserError(failed) : new IllegalStateException(e.getCause());
        }
    }
}
