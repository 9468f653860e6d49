package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The interactive shell as a person uses it: in a real terminal (tmux, 80 columns), typing, Tab,
 * Ctrl-C; and fed from a pipe.
 */
class ShellTest {
    private static final String SESSION = "sysql-shell-test";
    /** A tmux server of this test's own: other tmux users on the machine neither see nor end it. */
    private static final String SOCKET = "sysql-shell-test-" + ProcessHandle.current().pid();
    private static final int COLUMNS = 80;

    @TempDir
    Path tmp;

    @AfterEach
    void closeTerminal() throws Exception {
        tmux("kill-server");
    }

    @Test
    void shellInATerminalCancelsSurvivesErrorsCompletesAndFitsTheScreen() throws Exception {
        Samples.assumeStrace();
        Path dir = tmp.resolve("cap");
        // thousands of events (a directory walk), for a query that runs until it is cancelled
        assertThat(Main.run("record", "-o", dir.toString(), "--", "sh", "-c", "ls -R /usr/lib > /dev/null")).isZero();
        Path history = tmp.resolve("history");
        List<String> shell = new ArrayList<>(SysqlProcess.builder("shell", dir.toString()).command());
        String command = "SYSQL_HISTORY=" + quote(history.toString()) + " "
                + shell.stream().map(ShellTest::quote).collect(Collectors.joining(" ")) + "; echo SHELL-ENDED; sleep 600";
        assertThat(tmux("new-session", "-d", "-s", SESSION, "-x", String.valueOf(COLUMNS), "-y", "50", command)).isZero();
        await("sysql> ");

        // the events joined with themselves three times: hours of work
        String endless = "SELECT COUNT(*) FROM events a, events b, events c;";
        type(endless);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!screen().contains("error: query cancelled") && System.nanoTime() < deadline) {
            // Ctrl-C reaches the shell as a signal, ahead of keys it has not read yet: one that comes before
            // the shell took the statement's Enter clears the line instead, leaving a fresh prompt; then the
            // statement is typed again
            if (lastLine(screen()).equals("sysql>")) {
                type(endless);
            } else {
                key("C-c");
            }
            Thread.sleep(1000);
        }
        assertThat(screen()).contains("error: query cancelled");
        type("SELECT 42 AS answer;");
        await("(?s)answer\\s*\\n\\s*42\\s*\\n\\(1 row\\)");

        type("SELECT 1/0;");
        await("error: division by zero\\n");
        type("SELECT nope FORM fds;");
        // the marker under "fds", where the parser stopped, then the message
        await("sysql> SELECT nope FORM fds;\\n {24}\\^\\nerror: Encountered \"fds\" at line 1, column 18\\.\\n");
        type("SELECT name FROM processes WHERE name = \"ls\";");
        await("error: .*a string takes single quotes");

        literal("SELECT * FROM f");
        key("Tab");
        await("sysql> SELECT \\* FROM fds");
        clearLine();
        literal("SELECT p.fd_l FROM processes p");
        for (int i = 0; i < " FROM processes p".length(); i++) {
            key("Left");
        }
        key("Tab");
        await("sysql> SELECT p.fd_limit FROM processes p");
        clearLine();

        String wide = "x".repeat(200);
        type("SELECT '" + wide + "' AS wide, 7 AS n;");
        await("(?m)^wide\\s+n$\\n^x{" + (COLUMNS - 4) + "}\u2026  7$"); // cut to the terminal's width
        type("\\x");
        type("SELECT 7 AS n, '' AS blank, CAST(NULL AS VARCHAR) AS nothing;");
        await("-\\[ row 1 \\]-*\\nn       \\| 7\\nblank   \\| ?\\nnothing \\| NULL\\n\\(1 row\\)");

        type("SELECT 1");
        type("  + 1 AS two;");
        await("(?s)two\\s*\\| 2");
        type("\\q");
        await("SHELL-ENDED");
        assertThat(Files.readString(history)).contains("SELECT 1\\n  + 1 AS two;").doesNotContain(":  + 1");
    }

    @Test
    void shellFedFromAPipeRunsMultiLineStatementsAndDescribesTables() throws Exception {
        Samples.assumeStrace();
        Path dir = tmp.resolve("cap");
        assertThat(Main.run("record", "-o", dir.toString(), "--", "true")).isZero();
        ProcessBuilder builder = SysqlProcess.builder("shell", dir.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("SYSQL_HISTORY", tmp.resolve("history").toString());
        Process shell = builder.start();
        try (OutputStream in = shell.getOutputStream()) {
            in.write(("\\d\n\\d fds\nSELECT COUNT(*) AS n\n  FROM processes WHERE name = 'true';\n"
                    + "SELECT nope FROM fds;\n\\q\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // the capture's tables first, sorted, each with its meaning; the JDBC metadata last
        assertThat(out).containsPattern("(?s)ancestors +one row per.*capture +one row.*connections.*events.*fds +one row"
                + ".*fds_history.*processes.*users +/etc/passwd.*fds_at\\(n\\) +the table fds at event n"
                + ".*metadata\\.COLUMNS");
        assertThat(out).containsPattern("proc_name +VARCHAR +name of the owning process").contains("is_server")
                .containsPattern("opened_time +TIMESTAMP\\(3\\) +opened_ts as a TIMESTAMP");
        assertThat(out).containsPattern("(?s)n\\s*\\n\\s*0\\s*\\n\\(1 row");
        assertThat(out).contains("error: Column 'nope' not found");
        assertThat(shell.exitValue()).isZero();
    }

    /** Ctrl-C at the prompt, then waits for the new prompt (what is typed before it could be lost). */
    private static void clearLine() throws Exception {
        Pattern prompt = Pattern.compile("(?m)^sysql> ");
        long before = prompt.matcher(screen()).results().count();
        key("C-c");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (prompt.matcher(screen()).results().count() == before && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Types a line and Enter at a fresh prompt: what is typed while a statement still runs, or before
     * the shell reads, may be dropped when the terminal changes mode. tmux would take a final ';' for
     * its own separator unless escaped.
     */
    private static void type(String line) throws Exception {
        literal(line);
        key("Enter");
    }

    /** Types text a few keys at a time, as a person would, and waits until the line shows it. */
    private static void literal(String text) throws Exception {
        awaitPrompt();
        for (int i = 0; i < text.length(); i += 8) {
            String keys = text.substring(i, Math.min(text.length(), i + 8));
            assertThat(tmux("send-keys", "-t", SESSION, "-l", keys.endsWith(";")
                    ? keys.substring(0, keys.length() - 1) + "\\;" : keys)).isZero();
            Thread.sleep(50);
        }
        String tail = text.substring(Math.max(0, text.length() - 20));
        await(Pattern.quote(tail) + "\\s*$");
    }

    private static void key(String key) throws Exception {
        assertThat(tmux("send-keys", "-t", SESSION, key)).isZero();
    }

    /** Waits until the last line of the terminal is an empty prompt (sysql's, or the continuation's), and a moment. */
    private static void awaitPrompt() throws Exception {
        Pattern prompt = Pattern.compile("(sysql>|\\.\\.\\.>)\\s*$");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!prompt.matcher(screen().strip()).find() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(300);
    }

    /** Waits until the terminal shows text matching {@code regex}. */
    private static void await(String regex) throws Exception {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String screen = screen();
        while (!p.matcher(screen).find() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            screen = screen();
        }
        assertThat(screen).containsPattern(p);
    }

    /** The terminal's lines, its scroll-back included, as they are displayed. */
    private static String lastLine(String screen) {
        String[] lines = screen.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String screen() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "-L", SOCKET, "capture-pane", "-p", "-J", "-S", "-2000", "-t", SESSION)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static int tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", SOCKET));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
