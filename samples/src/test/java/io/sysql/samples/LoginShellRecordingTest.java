package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code login_shell_commands} on a strace recording of a real login: {@code su -l} (root's, which needs no
 * password as root, as the recording tests run) starts root's login shell as "-bash", which runs the script's
 * two programs and whatever root's profile runs.
 */
class LoginShellRecordingTest {
    /** ls runs in a command substitution's subshell, which keeps the shell's "-bash" but is no login. */
    private static final String SCRIPT = "id -un; echo $(ls -d /; true); exit 0";

    @TempDir
    static Path tmp;
    static Path capture;
    /** The shell su started, found from its exec and its parent, and its exec. */
    static String shell;
    static String shellExec;

    @BeforeAll
    static void record() throws SQLException {
        Samples.assumeStrace();
        capture = tmp.resolve("cap");
        Cli run = Cli.run("record", "-o", capture.toString(), "--", "su", "-l", "root", "-c", SCRIPT);
        assertThat(run.status).as(run.err).isZero();
        List<List<String>> shells = Samples.rows(capture, "SELECT num, pid FROM events WHERE type = 'execve'"
                + " AND args = ?", "-bash -c " + SCRIPT);
        assertThat(shells).hasSize(1);
        shellExec = shells.get(0).get(0);
        shell = shells.get(0).get(1);
        assertThat(Samples.rows(capture, "SELECT ancestor_name FROM ancestors AS OF " + shellExec
                + " WHERE pid = " + shell + " AND depth = 1")).containsExactly(List.of("su"));
    }

    @Test
    void everyProgramStartedFromTheShellOnIsInItsSession() throws SQLException {
        List<List<String>> session = Samples.rows(capture, "SELECT shell_pid, user_name, command FROM"
                + " login_shell_commands WHERE num >= " + shellExec + " ORDER BY num");
        assertThat(session.get(0).get(2)).as("the shell's own start opens its session").isEqualTo("-bash -c " + SCRIPT);
        assertThat(session).allSatisfy(r -> assertThat(r.subList(0, 2)).containsExactly(shell, "root"));
        assertThat(session).extracting(r -> r.get(2)).contains("id -un", "ls -d /");
        assertThat(Samples.rows(capture, "SELECT a.ancestor_pid, a.ancestor_name FROM events e JOIN ancestors"
                + " FOR SYSTEM_TIME AS OF EVT(e.num) a ON a.pid = e.pid WHERE e.type = 'execve' AND e.args = 'ls -d /'"
                + " AND a.depth = 1")).as("ls's parent is the subshell").singleElement()
                .satisfies(r -> assertThat(r).doesNotContain(shell).contains("bash"));
        assertThat(Samples.rows(capture, "SELECT shell_pid FROM login_shell_commands WHERE proc_name = 'su'"))
                .as("su itself runs outside the session it starts").noneMatch(r -> r.get(0).equals(shell));
    }

    @Test
    void theWindowFunctionHoldsTheExecsOfItsWindow() throws SQLException {
        long ls = Long.parseLong(Samples.rows(capture, "SELECT num FROM events WHERE type = 'execve' AND args = 'ls -d /'")
                .get(0).get(0));
        String window = "SELECT shell_pid, command FROM TABLE(login_shell_commands(%d, %d))";
        assertThat(Samples.rows(capture, window.formatted(ls, ls + 1))).containsExactly(List.of(shell, "ls -d /"));
        assertThat(Samples.rows(capture, window.formatted(1, ls))).extracting(r -> r.get(1))
                .contains("id -un").doesNotContain("ls -d /");
    }
}
