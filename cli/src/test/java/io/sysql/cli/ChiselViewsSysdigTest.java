package io.sysql.cli;

import static io.sysql.cli.TopSysdigChiselTest.assertSameBytes;
import static io.sysql.cli.TopSysdigChiselTest.chisel;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shipped views of the chisels' questions, queried over JDBC on the repository's sysdig captures, give what
 * sysdig's own chisel prints for the same file (each chisel run by the test).
 */
class ChiselViewsSysdigTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "curl_google.scap", "psp_run_as_user_0_container.scap",
            "test_ipv6_client.scap"})
    void topFilesIsTopfilesBytes(String sample) throws SQLException {
        Map<String, String> ours = view(sample, "SELECT file, bytes FROM top_files");
        Map<String, String> sysdigs = chisel(sample, "topfiles_bytes", 1, 0);
        assertThat(sysdigs).isNotEmpty();
        sysdigs.forEach((file, bytes) -> assertSameBytes(file, ours.get(file), bytes));
    }

    /**
     * psp_run_as_user_0_container.scap is left out: its docker process's first read entered before the capture
     * began, so sysql does not know its fd, while sysdig takes the fd of the thread's previous call (a file): 3
     * bytes apart.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "curl_google.scap", "test_ipv6_client.scap"})
    void topProcessesFileIsTopprocsFile(String sample) throws SQLException {
        Map<String, String> ours = view(sample, "SELECT pid, bytes FROM top_processes_file");
        Map<String, String> sysdigs = chisel(sample, "topprocs_file", 2, 0);
        assertThat(sysdigs).isNotEmpty();
        sysdigs.forEach((pid, bytes) -> assertSameBytes("pid " + pid, ours.get(pid), bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"curl_google.scap", "psp_run_as_user_0_container.scap", "open-multiple-files.scap"})
    void topSyscallsIsTopscalls(String sample) throws SQLException {
        TopSysdigChiselTest.assertCallsAreTopscalls(sample, view(sample, "SELECT syscall, calls FROM top_syscalls"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "connect_localhost.scap", "curl_google.scap",
            "psp_run_as_user_0_container.scap", "single_ipv6_conn.scap", "test_ipv6_client.scap"})
    void topProcessesErrorsIsTopprocsErrors(String sample) throws SQLException {
        Map<String, String> ours = view(sample, "SELECT pid, errors FROM top_processes_errors");
        Map<String, String> sysdigs = chisel(sample, "topprocs_errors", 2, 0);
        assertThat(sysdigs).isNotEmpty();
        assertThat(ours).containsAllEntriesOf(sysdigs);
    }

    /** sysdig cuts an image's name to 15 characters. */
    @ParameterizedTest
    @ValueSource(strings = {"psp_run_as_user_0_container.scap", "open-multiple-files.scap"})
    void containerListIsLscontainers(String sample) throws SQLException {
        List<String> ours = new ArrayList<>();
        for (String[] r : rows(sample, "SELECT type, image, name, id FROM container_list")) {
            ours.add(String.join(" ", r[0], r[1].substring(0, Math.min(15, r[1].length())), r[2], r[3]));
        }
        List<String> sysdigs = Sysdig.run("-r", ScapSamples.require(sample).toString(), "-c", "lscontainers")
                .stream().skip(2).map(line -> String.join(" ", line.trim().split("\\s+"))).toList();
        assertThat(sysdigs).isNotEmpty();
        assertThat(ours).containsExactlyInAnyOrderElementsOf(sysdigs);
    }

    /**
     * The sockets netstat prints without a client (LISTEN, which for UDP means no peer), one per process: sysdig
     * prints a row per thread. IPv6 addresses lose sysql's brackets ([::]:80 is sysdig's :::80). A process whose
     * name the capture never tells (single_ipv6_conn.scap's server, which listens during it) has no row there:
     * the chisel joins the name into its line, and Lua refuses to join a nil.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "connect_localhost.scap", "empty.scap", "open-multiple-files.scap",
            "psp_run_as_user_0_container.scap", "single_ipv6_conn.scap", "syscall.scap"})
    void listeningPortsIsNetstatsListening(String sample) throws SQLException {
        Set<String> ours = new TreeSet<>();
        for (String[] r : rows(sample, "SELECT proto, address, pid FROM listening_ports WHERE proc_name IS NOT NULL")) {
            ours.add(String.join(" ", r[0], r[1].replaceAll("[\\[\\]]", ""), r[2]));
        }
        Set<String> sysdigs = new TreeSet<>();
        for (String line : Sysdig.run("-r", ScapSamples.require(sample).toString(), "-c", "netstat").stream().skip(1)
                .toList()) {
            String[] f = line.trim().split("\\s+");
            if (f[3].equals("LISTEN")) {
                sysdigs.add(String.join(" ", f[0], f[1], f[4].split("/")[1]));
            }
        }
        assertThat(sysdigs).isNotEmpty();
        assertThat(ours).isEqualTo(sysdigs);
    }

    /** AS OF moves the view: the server of single_ipv6_conn.scap listens from its listen call on, not before. */
    @org.junit.jupiter.api.Test
    void listeningPortsMovesWithAsOf() throws SQLException {
        String sample = "single_ipv6_conn.scap";
        String listen = rows(sample, "SELECT MIN(num) FROM events WHERE type = 'listen'").get(0)[0];
        String server = "SELECT address FROM listening_ports AS OF %s WHERE address LIKE '%%:1234'";
        assertThat(rows(sample, server.formatted(listen))).extracting(r -> r[0]).containsExactly("[2001:db8::3]:1234");
        assertThat(rows(sample, server.formatted(Long.parseLong(listen) - 1))).isEmpty();
        assertThat(rows(sample, "SELECT e.num FROM events e JOIN listening_ports FOR SYSTEM_TIME AS OF EVT(e.num) l"
                + " ON l.pid = e.pid WHERE e.type IN ('bind', 'listen') AND l.address LIKE '%:1234'"))
                .extracting(r -> r[0]).containsExactly(listen);
    }

    /**
     * Each command's session is the one sysdig's {@code proc.loginshellid} gives at its execve, and the sessions
     * include what {@code list_login_shells} prints (sysdig 0.29.3's chisel keeps only the last command's
     * session), on the captures whose commands run under an ssh login's shell ("-bash").
     */
    @ParameterizedTest
    @ValueSource(strings = {"cat_write.scap", "curl_google.scap", "test_ipv6_client.scap"})
    void loginShellCommandsIsListLoginShells(String sample) throws SQLException {
        Set<String> ours = new TreeSet<>();
        for (String[] r : rows(sample, "SELECT pid, shell_pid FROM login_shell_commands")) {
            ours.add(r[0] + " in " + r[1]);
        }
        String file = ScapSamples.require(sample).toString();
        Set<String> sysdigs = new TreeSet<>();
        for (String line : Sysdig.run("-r", file, "-p", "*%proc.pid %proc.loginshellid",
                "evt.type in (execve, execveat) and evt.dir=< and evt.failed=false")) {
            String[] f = line.split(" ");
            if (!f[1].equals("<NA>")) {
                sysdigs.add(f[0] + " in " + f[1]);
            }
        }
        assertThat(sysdigs).isNotEmpty();
        assertThat(ours).isEqualTo(sysdigs);
        List<String> listed = Sysdig.run("-r", file, "-c", "list_login_shells").stream().skip(1).toList();
        assertThat(listed).isNotEmpty();
        assertThat(rows(sample, "SELECT DISTINCT shell_pid FROM login_shell_commands")).extracting(r -> r[0])
                .containsAll(listed);
    }

    /**
     * A shell no login program started is no session: the capture's {@code docker exec} runs {@code /bin/bash}
     * (argv[0] without '-'), whose {@code ls} sysdig's loginshellid (any shell-named ancestor) counts.
     */
    @org.junit.jupiter.api.Test
    void aShellNoLoginProgramStartedIsNoSession() throws SQLException {
        String sample = "psp_run_as_user_0_container.scap";
        assertThat(rows(sample, "SELECT e.args, p.args FROM events e JOIN ancestors FOR SYSTEM_TIME AS OF EVT(e.num) a"
                + " ON a.pid = e.pid JOIN processes FOR SYSTEM_TIME AS OF EVT(e.num) p ON p.upid = a.ancestor_upid"
                + " WHERE e.type = 'execve' AND a.depth = 1")).extracting(r -> r[0] + " run by " + r[1])
                .containsExactly("ls run by /bin/bash");
        assertThat(rows(sample, "SELECT * FROM login_shell_commands")).isEmpty();
    }

    /** A two-column query's rows as the first column's text to the second's. */
    private Map<String, String> view(String sample, String sql) throws SQLException {
        Map<String, String> out = new HashMap<>();
        for (String[] r : rows(sample, sql)) {
            out.put(r[0], r[1]);
        }
        return out;
    }

    private List<String[]> rows(String sample, String sql) throws SQLException {
        Path dir = tmp.resolve("cap");
        if (!dir.toFile().exists()) {
            CliRun imported = CliRun.of("import", ScapSamples.require(sample).toString(), "-o", dir.toString());
            assertThat(imported.status()).as(imported.err()).isZero();
        }
        List<String[]> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sysql:" + dir.toAbsolutePath());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
