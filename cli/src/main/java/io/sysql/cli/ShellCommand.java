package io.sysql.cli;

import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"An interactive SQL prompt on a capture: line editing, history (~/.sysql_history,",
                "or the file SYSQL_HISTORY names), completion (Tab) of tables, columns, keywords and",
                "functions; statements go over several lines up to their ';'. Ctrl-C cancels a",
                "running statement, Ctrl-D leaves; \\? lists the backslash commands (\\d, \\x, \\timing,",
                "\\o, \\i, \\q).",
                "With --live (root, no DIR) the whole machine is captured in the background (eBPF)",
                "while the shell runs: tables show it as it is at each statement, AS OF reaches back",
                "to the shell's start."})
final class ShellCommand implements Callable<Integer> {
    private static final String PROMPT = "sysql> ";
    private static final List<String> COMMANDS = List.of("\\?", "\\d", "\\x", "\\timing", "\\o", "\\i", "\\q");
    private static final String HELP = String.join("\n",
            "\\d            list the tables, with what each holds",
            "\\d TABLE      describe a table's columns",
            "\\x            switch vertical display of rows on or off",
            "\\timing       switch the display of each statement's time on or off",
            "\\o FILE       write results to FILE (\\o alone: back to the terminal)",
            "\\i FILE       run the statements in FILE",
            "\\q            quit (as does Ctrl-D)",
            "Statements end with ';'. Ctrl-C cancels a running statement or clears the line.");

    @Parameters(arity = "0..*", paramLabel = "DIR",
            description = "The capture directory; several (or a directory of captures) are queried as one.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--live", description = "Capture the machine in the background and query it as it is now.")
    boolean live;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, csv or json.")
    OutputFormat format;

    private LiveCapture liveCapture;
    private Terminal terminal;
    private ShellCatalog catalog;
    private PrintStream console;
    /** Where results go: the terminal, or the file of {@code \o}. */
    private PrintStream results;
    private boolean vertical;
    private boolean timing;

    @Override
    public Integer call() throws IOException {
        if (live == !dirs.isEmpty()) {
            throw new UserError(live ? "--live captures the machine: give no DIR" : "shell needs DIR (or --live)");
        }
        if (!live) {
            return session(dirs);
        }
        try (LiveCapture capture = LiveCapture.start()) {
            liveCapture = capture;
            return session(List.of(capture.directory()));
        }
    }

    private int session(List<Path> dirs) throws IOException {
        try (Connection c = Connections.open(dirs); Terminal t = TerminalBuilder.builder().system(true).dumb(true).build()) {
            terminal = t;
            // Ctrl-C cancels a statement (while one runs) or clears the line (while reading): never more. A
            // handler that does nothing, not SIG_IGN: once ignored, the signal would reach no later handler.
            terminal.handle(Terminal.Signal.INT, signal -> { });
            catalog = new ShellCatalog(c);
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("sysql")
                    .completer(new SqlCompleter(catalog, COMMANDS))
                    .parser(new StatementParser())
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "   ...> ")
                    .option(LineReader.Option.CASE_INSENSITIVE, true)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            console = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            results = console;
            console.println("sysql shell on " + (live ? "this machine, live"
                    : dirs.stream().map(Path::toString).collect(Collectors.joining(" ")))
                    + " — \\d lists tables, \\? the other commands, \\q quits.");
            while (true) {
                String input;
                try {
                    input = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt drops what was typed
                } catch (EndOfFileException e) {
                    return 0;
                }
                // JLine answers Ctrl-C while reading by interrupting this thread; one pressed as the line was
                // accepted leaves the flag set, and the statement's file reads would fail on it
                Thread.interrupted();
                if (!execute(c, input)) {
                    return 0;
                }
            }
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        } finally {
            if (results != null && results != console) {
                results.close();
            }
        }
    }

    /** ~/.sysql_history, or the file SYSQL_HISTORY names. */
    private static Path historyFile() {
        String file = System.getenv("SYSQL_HISTORY");
        return file != null && !file.isEmpty() ? Path.of(file) : Path.of(System.getProperty("user.home"), ".sysql_history");
    }

    /** Runs what was typed: a backslash command or statements. False when the shell is to end. */
    private boolean execute(Connection c, String input) {
        String trimmed = input.trim();
        if (trimmed.startsWith("\\")) {
            return command(c, trimmed);
        }
        List<String> statements = SqlScript.of(input).statements();
        for (String sql : statements) {
            // a parse error's marker goes under the typed text when it is just this statement on one line
            boolean underInput = statements.size() == 1 && input.startsWith(sql) && !sql.contains("\n");
            run(c, sql, underInput ? PROMPT.length() : -1);
        }
        return true;
    }

    private boolean command(Connection c, String line) {
        String[] parts = line.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].trim() : "";
        switch (parts[0]) {
            case "\\q":
                return false;
            case "\\?":
                console.println(HELP);
                break;
            case "\\d":
                if (arg.isEmpty()) {
                    listTables();
                } else {
                    describeTable(arg);
                }
                break;
            case "\\x":
                vertical = !vertical;
                console.println("vertical display is " + (vertical ? "on" : "off"));
                break;
            case "\\timing":
                timing = !timing;
                console.println("timing is " + (timing ? "on" : "off"));
                break;
            case "\\o":
                redirect(arg);
                break;
            case "\\i":
                include(c, arg);
                break;
            default:
                console.println("unknown command " + parts[0] + "; \\? lists the commands");
        }
        return true;
    }

    private void listTables() {
        int width = 0;
        for (ShellCatalog.Table t : catalog.tables()) {
            width = Math.max(width, t.name().length() + 3); // as wide as the table functions' "_at(n)"
        }
        for (ShellCatalog.Table t : catalog.tables()) {
            console.println(pad(t.name(), width) + "  " + t.meaning());
        }
        for (String f : catalog.functions()) {
            if (f.endsWith("_at") && catalog.table(f) != null) {
                console.println(pad(f + "(n)", width) + "  the table " + f.substring(0, f.length() - 3) + " at event n");
            } else if (f.endsWith("_during")) {
                String history = f.substring(0, f.length() - "during".length()) + "history";
                console.println(pad(f + "(from, to)", width) + "  the rows of " + history + " valid during [from, to)");
            }
        }
        StringBuilder others = new StringBuilder();
        for (ShellCatalog.Table t : catalog.otherTables()) {
            others.append(others.length() == 0 ? "" : ", ").append(t.schema()).append('.').append(t.name());
        }
        if (others.length() > 0) {
            console.println("also the JDBC metadata tables: " + others);
        }
    }

    private void describeTable(String name) {
        ShellCatalog.Table t = catalog.table(name);
        if (t == null) {
            console.println("no table named " + name + "; \\d lists them");
            return;
        }
        if (!t.meaning().isEmpty()) {
            console.println(t.name() + ": " + t.meaning());
        }
        int nameWidth = 0;
        int typeWidth = 0;
        for (ShellCatalog.Column col : t.columns()) {
            nameWidth = Math.max(nameWidth, col.name().length());
            typeWidth = Math.max(typeWidth, col.type().length());
        }
        for (ShellCatalog.Column col : t.columns()) {
            console.println(pad(col.name(), nameWidth) + "  " + pad(col.type(), typeWidth) + "  " + col.meaning());
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private void redirect(String file) {
        if (results != console) {
            results.close();
            results = console;
        }
        if (file.isEmpty()) {
            return;
        }
        try {
            results = new PrintStream(new FileOutputStream(file), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            console.println("error: cannot write " + file + ": " + e.getMessage());
        }
    }

    private void include(Connection c, String file) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            console.println("error: " + UserError.cannotRead(file, e));
            return;
        }
        SqlScript script = SqlScript.of(text);
        script.statements().forEach(sql -> run(c, sql, -1));
        if (!script.rest().isEmpty()) {
            run(c, script.rest(), -1); // a file's last statement may lack its ';'
        }
    }

    /**
     * Runs one statement and prints its rows; Ctrl-C meanwhile cancels it. Whatever fails, the shell
     * goes on: the error is a line, after a marker under the error's position when the statement is
     * the line typed at column {@code inputColumn}, or -1.
     */
    private void run(Connection c, String sql, int inputColumn) {
        if (liveCapture != null) {
            liveCapture.catchUp();
        }
        long started = System.nanoTime();
        try (Statement st = c.createStatement()) {
            Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancel(st));
            try (ResultSet rs = st.executeQuery(sql)) {
                boolean toTerminal = results == console;
                int rows = new ResultPrinter(format, results).vertical(vertical)
                        .width(toTerminal ? terminal.getWidth() : 0).print(rs);
                console.println("(" + rows + (rows == 1 ? " row" : " rows")
                        + (timing ? ", " + (System.nanoTime() - started) / 1_000_000 + " ms" : "") + ")");
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
            }
        } catch (SQLException e) {
            SqlErrors.Described error = SqlErrors.of(e);
            if (inputColumn >= 0 && error.line() == 1 && error.column() > 0) {
                console.println(" ".repeat(inputColumn + error.column() - 1) + "^");
            }
            console.println("error: " + error.message());
        } catch (RuntimeException | Error e) { // e.g. a constant that fails to compute
            console.println("error: " + Main.message(e));
        }
    }

    private void cancel(Statement st) {
        try {
            st.cancel();
        } catch (SQLException | RuntimeException e) {
            console.println("error: could not cancel: " + e.getMessage());
        }
    }

    /**
     * Reads a statement whole, over as many lines as it takes up to its {@code ;}, so that history
     * keeps it as one entry. Backslash commands are one line. SQL has its own quoting: no escapes.
     */
    private static final class StatementParser extends DefaultParser {
        StatementParser() {
            escapeChars(new char[0]);
        }

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && !line.trim().startsWith("\\")
                    && !SqlScript.of(line).complete()) {
                throw new EOFError(-1, -1, "the statement goes on to its ';'");
            }
            return super.parse(line, cursor, context);
        }
    }
}
