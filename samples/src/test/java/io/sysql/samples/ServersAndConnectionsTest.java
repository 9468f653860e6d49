package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** Servers, sockets and connections of a recorded program (fdtour), via the chisels and SQL. */
class ServersAndConnectionsTest {
    @TempDir
    static Path tmp;
    static Path capture;
    static final String AT_EXIT = "(SELECT MIN(num) FROM events WHERE proc_name = 'fdtour' AND type = 'procexit')";
    static final String SNAPSHOT_END = "(SELECT MAX(num) FROM events WHERE type LIKE 'snap\\_%' ESCAPE '\\')";

    @BeforeAll
    static void record() {
        Samples.assumeStrace();
        capture = tmp.resolve("cap");
        assertThat(Main.run("record", "-o", capture.toString(), "--", Samples.program("fdtour").toString(),
                tmp.toString())).isZero();
    }

    @Test
    void serversOnPortsOtherThan80ThroughPsAndSql() throws SQLException {
        String servers = " WHERE type = 'ipv4' AND is_server AND local_port <> 80";
        Cli ps = Cli.run("ps", capture.toString(), "--at", "proc_name = 'fdtour' AND type = 'procexit'", "--where",
                "pid IN (SELECT pid FROM fds AS OF " + AT_EXIT + servers + ")");
        assertThat(ps.status).as(ps.toString()).isZero();
        List<List<String>> rows = LeakHuntingTest.table(ps.out);
        assertThat(rows.get(0)).containsExactly("TID", "PID", "USER", "VIRT", "RES", "FDLIMIT", "CMD");
        List<String> pids = LeakHuntingTest.sql(capture, "SELECT DISTINCT pid FROM fds AS OF " + AT_EXIT + servers);
        List<List<String>> threads = rows.subList(1, rows.size());
        assertThat(threads.stream().map(row -> row.get(1)).distinct()).as(ps.out).containsExactlyInAnyOrderElementsOf(pids);
        assertThat(threads).as(ps.out).anyMatch(row -> row.get(row.size() - 1).contains("fdtour"));
        assertRecordedProgramPlusServersSeenBefore(
                LeakHuntingTest.sql(capture, "SELECT DISTINCT proc_name FROM fds AS OF " + AT_EXIT + servers),
                LeakHuntingTest.sql(capture, "SELECT DISTINCT proc_name FROM fds AS OF " + SNAPSHOT_END + servers));
    }

    @Test
    void processesWithIpv4Sockets() throws SQLException {
        String query = "SELECT DISTINCT p.name FROM processes AS OF %1$s p JOIN fds AS OF %1$s f ON f.upid = p.upid"
                + " WHERE f.type = 'ipv4'";
        assertRecordedProgramPlusServersSeenBefore(LeakHuntingTest.sql(capture, String.format(query, AT_EXIT)),
                LeakHuntingTest.sql(capture, String.format(query, SNAPSHOT_END)));
    }

    /**
     * The capture starts with a /proc snapshot of the whole machine: whatever already ran there (an sshd, a
     * database) is rightly in the answer too. Only fdtour may be new.
     */
    private static void assertRecordedProgramPlusServersSeenBefore(List<String> atExit, List<String> inSnapshot) {
        assertThat(atExit).contains("fdtour");
        assertThat(atExit).filteredOn(name -> !name.equals("fdtour")).isSubsetOf(inSnapshot);
    }

    @Test
    void networkConnectionsOfTheRecordingUser() throws SQLException {
        String user = System.getProperty("user.name");
        List<String> rows = LeakHuntingTest.sql(capture, "SELECT c.proto, c.server_address, c.client_address, c.state "
                + "FROM connections AS OF " + AT_EXIT + " c JOIN processes AS OF " + AT_EXIT
                + " p ON c.upid = p.upid WHERE p.user_name = '" + user + "' AND p.name = 'fdtour' ORDER BY c.state, c.client_address");
        assertThat(rows).hasSize(3);
        assertThat(rows).filteredOn(r -> r.endsWith("LISTEN")).hasSize(1);
        assertThat(rows).filteredOn(r -> r.endsWith("ESTABLISHED")).hasSize(2)
                .allMatch(r -> r.startsWith("tcp|127.0.0.1:"));
        Cli netstat = Cli.run("netstat", capture.toString(), "--at", "proc_name = 'fdtour' AND type = 'procexit'");
        assertThat(netstat.status).as(netstat.toString()).isZero();
        assertThat(netstat.out.lines().findFirst().orElseThrow())
                .contains("Proto").contains("Server Address").contains("Client Address").contains("State")
                .contains("PID").contains("Program Name");
        assertThat(netstat.out).containsPattern("ESTABLISHED +\\d+ +fdtour");
    }
}
