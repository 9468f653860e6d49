package io.sysql.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Record a small program that leaks a log file (samples/src/main/c/leaky.c) under strace,",
                "then answer questions about it in SQL, printing each query and its answer."})
final class DemoCommand implements Callable<Integer> {
    /** Each question a user of sysql asks, and the SQL that answers it. */
    static final List<String[]> QUESTIONS = List.of(
            new String[] {"Which files had leaky left open when it exited? (fd-leak hunting)",
                    "SELECT fd, type, name FROM fds\n"
                            + "  AS OF (SELECT MIN(num) FROM events WHERE proc_name = 'leaky' AND ends_process)\n"
                            + " WHERE proc_name = 'leaky' ORDER BY fd"},
            new String[] {"Which of its calls failed, and why?",
                    "SELECT num, type, fd, fd_name, errno_name FROM events\n"
                            + " WHERE proc_name = 'leaky' AND failed ORDER BY num"},
            new String[] {"What did it have open when it logged the ERROR line?",
                    "SELECT fd, name FROM fds\n"
                            + "  AS OF (SELECT MIN(num) FROM events WHERE type = 'write' AND buffer LIKE '%ERROR%')\n"
                            + " WHERE proc_name = 'leaky' ORDER BY fd"},
            new String[] {"How many fds did it hold at each of its close calls? (state at every event, one query)",
                    "SELECT e.num, e.fd AS closed_fd, e.fd_name AS closed, COUNT(f.fd) AS open_after\n"
                            + "  FROM events e JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num) f ON f.pid = e.pid\n"
                            + " WHERE e.proc_name = 'leaky' AND e.type = 'close'\n"
                            + " GROUP BY e.num, e.fd, e.fd_name ORDER BY e.num"},
            new String[] {"Where did it come from? (its ancestors when it started)",
                    "SELECT a.depth, a.ancestor_pid, a.ancestor_name FROM ancestors\n"
                            + "  AS OF (SELECT MIN(num) FROM events WHERE proc_name = 'leaky' AND type = 'execve') a\n"
                            + " JOIN processes AS OF (SELECT MIN(num) FROM events WHERE proc_name = 'leaky' AND type = 'execve') p\n"
                            + "   ON a.upid = p.upid WHERE p.name = 'leaky' ORDER BY a.depth"});

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Keep the capture in DIR (created) instead of a temporary directory removed at the end.")
    Path keep;

    @Override
    public Integer call() throws IOException {
        Path leaky = Path.of(System.getProperty("sysql.home", "."), "samples", "target", "bin", "leaky");
        if (!Files.isExecutable(leaky)) {
            throw new UserError("the sample program is not built: " + leaky + " (run ./sysql once, or mvn package)");
        }
        Path work = Files.createTempDirectory("sysql-demo");
        Path capture = keep != null ? keep : work.resolve("capture");
        PrintStream out = System.out;
        try {
            out.println("$ sysql record -o " + capture + " -- " + leaky + " " + work);
            int status = Main.run("record", "-o", capture.toString(), "--force", "--", leaky.toString(), work.toString());
            if (status != 0) {
                throw new UserError("recording the demo program failed (exit status " + status + ")");
            }
            try (Connection c = Connections.open(capture); Statement st = c.createStatement()) {
                for (String[] q : QUESTIONS) {
                    out.println();
                    out.println("-- " + q[0]);
                    out.println(q[1] + ";");
                    try (ResultSet rs = st.executeQuery(q[1])) {
                        new ResultPrinter(OutputFormat.table, out).print(rs);
                    }
                }
            } catch (SQLException e) {
                throw new UserError(SqlErrors.describe(e));
            }
            out.println();
            out.println("Explore it yourself: ./sysql shell " + (keep != null ? capture : "DIR")
                    + (keep != null ? "" : "   (run ./sysql demo --keep DIR to keep the capture)"));
            return 0;
        } finally {
            DirectoryTree.delete(work);
        }
    }
}
