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
 * password as root, as the recording tests run) starts root's login shell as "-bash", which runs two programs.
 */
class LoginShellRecordingTest {
    private static final String SCRIPT = "id -un; ls -d /; exit 0";

    @TempDir
    static Path tmp;
    static Path capture;
    /** The shell su started, found from its exec and its parent. */
    static String shell;

    @BeforeAll
    static void record() throws SQLException {
        Samples.assumeStrace();
        capture = tmp.resolve("cap");
        Cli run = Cli.run("record", "-o", capture.toString(), "--", "su", "-l", "root", "-c", SCRIPT);
        assertThat(run.status).as(run.err).isZero();
        List<List<String>> shells = Samples.rows(capture, "SELECT DISTINCT e.pid FROM events e JOIN processes_history su"
                + " ON su.name = 'su' JOIN processes_history sh ON sh.pid = e.pid AND sh.ppid = su.pid"
                + " WHERE e.type = 'execve' AND e.args = ?", "-bash -c " + SCRIPT);
        assertThat(shells).hasSize(1);
        shell = shells.get(0).get(0);
    }

    @Test
    void theScriptsProgramsAreInTheSessionOfTheShellSuStarted() throws SQLException {
        List<List<String>> session = Samples.rows(capture, "SELECT user_name, command FROM login_shell_commands"
                + " WHERE shell_pid = " + shell + " ORDER BY num");
        assertThat(session).allSatisfy(r -> assertThat(r.get(0)).isEqualTo("root"));
        assertThat(session.get(0).get(1)).as("the shell's own start opens its session").isEqualTo("-bash -c " + SCRIPT);
        assertThat(session).extracting(r -> r.get(1)).contains("id -un", "ls -d /");
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
