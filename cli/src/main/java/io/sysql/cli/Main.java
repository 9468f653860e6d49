package io.sysql.cli;

import io.sysql.storage.CaptureException;
import net.openhft.posix.PosixAPI;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code sysql} command. Subcommands are thin layers over the capture, storage and SQL modules. */
@Command(name = "sysql", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {
                "SQL with time travel over Linux system-call traces.",
                "Record what processes do (a /proc snapshot, then every state-changing system call),",
                "then ask which files, sockets and processes existed at any event or instant."})
public final class Main {
    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, RecordCommand.class,
            ImportCommand.class, InfoCommand.class, QueryCommand.class, ShellCommand.class, PsCommand.class,
            LsofCommand.class, NetstatCommand.class, TopCommand.class, IndexCommand.class, ServeCommand.class, BenchCommand.class,
            ExportCommand.class, ReportCommand.class, UiCommand.class,
            CommandLine.HelpCommand.class);

    static {
        // Chronicle Queue's first use binds libc through jnr-ffi (generating classes, ~0.4 s of CPU) for calls
        // sysql never makes (msync for synchronous queues, posix clocks); the no-op binding skips that.
        PosixAPI.useNoOpPosixApi();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit status; errors are one line on stderr, never a trace. */
    public static int run(String... args) {
        List<Class<?>> subcommands = subcommandsFor(args);
        CommandLine cli = new CommandLine(new Main());
        subcommands.forEach(cli::addSubcommand);
        cli.registerConverter(Path.class, text -> Invocation.current().path(text));
        // Help fits a terminal of 80 columns: picocli wraps each description paragraph at a space.
        cli.setUsageHelpWidth(80);
        reflow(cli.getCommandSpec());
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
            reflow(sub.getCommandSpec());
        }
        cli.setParameterExceptionHandler(Main::usageMistake);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("sysql: " + message(e));
            if (System.getenv("SYSQL_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return e instanceof UserError u ? u.exitStatus() : e instanceof CaptureException ? 1 : 70;
        });
        return cli.execute(args);
    }

    /** A mistake on the command line: one line saying it and where the options are, not the whole usage. */
    private static int usageMistake(CommandLine.ParameterException e, String[] args) {
        CommandLine wrong = e.getCommandLine();
        String suggested = e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                ? " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)" : "";
        wrong.getErr().println("sysql: " + e.getMessage().strip() + suggested + "; see "
                + wrong.getCommandSpec().qualifiedName() + " --help");
        return wrong.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * A command's description as paragraphs rather than the lines it is written in, so that picocli
     * wraps them to the terminal: consecutive lines join, except indented ones (examples) and those
     * after a line ending with ':'. The first sentence stands alone: the list of commands shows it.
     */
    private static void reflow(CommandLine.Model.CommandSpec spec) {
        List<String> paragraphs = new ArrayList<>();
        boolean open = false;
        for (String line : spec.usageMessage().description()) {
            boolean indented = line.startsWith(" ");
            if (open && !indented && !line.isEmpty()) {
                paragraphs.set(paragraphs.size() - 1, paragraphs.get(paragraphs.size() - 1) + " " + line);
            } else {
                paragraphs.add(line);
            }
            open = !indented && !line.isEmpty() && !line.endsWith(":");
        }
        if (!paragraphs.isEmpty()) {
            String first = paragraphs.get(0);
            Matcher sentence = Pattern.compile("(?<!e\\.g|i\\.e)\\. ").matcher(first);
            int end = sentence.find() ? sentence.start() : -1;
            if (end > 0) {
                paragraphs.set(0, first.substring(0, end + 1));
                paragraphs.add(1, first.substring(end + 2));
            }
        }
        spec.usageMessage().description(paragraphs.toArray(new String[0]));
    }

    /**
     * Only the subcommand named first, when there is one (none for the version): picocli models each
     * registered command by reflection, a tenth of a second or more of every start for the other eleven.
     * Anything else (usage, help, a typo to suggest a name for) needs them all.
     */
    private static List<Class<?>> subcommandsFor(String[] args) {
        if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
            return List.of();
        }
        if (args.length > 0) {
            for (Class<?> c : SUBCOMMANDS) {
                if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])) {
                    return List.of(c);
                }
            }
        }
        return SUBCOMMANDS;
    }

    /** What a user is told of a failure: its own message, or the innermost cause's as an internal error. */
    static String message(Throwable e) {
        if (e instanceof CaptureException || e instanceof UserError) {
            return e.getMessage();
        }
        String failed = SqlErrors.evaluation(e);
        if (failed != null) {
            return failed;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return "internal error: " + (m == null ? root.getClass().getSimpleName() : m)
                + " (set SYSQL_DEBUG=1 for details)";
    }
}
