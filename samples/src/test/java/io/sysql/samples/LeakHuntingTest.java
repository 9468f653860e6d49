package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The questions sysql exists to answer, on real recordings of the leaky sample (which forgets to close
 * its log) and its fixed variant, through the chisels and through SQL.
 */
class LeakHuntingTest {
    @TempDir
    static Path tmp;
    static Path leaky;
    static Path fixed;
    static Path logs;

    @BeforeAll
    static void record() {
        Samples.assumeStrace();
        logs = tmp.resolve("logs");
        logs.toFile().mkdirs();
        leaky = tmp.resolve("leaky");
        fixed = tmp.resolve("fixed");
        String program = Samples.program("leaky").toString();
        assertThat(Main.run("record", "-o", leaky.toString(), "--", "bash", "-c", program + " " + logs + "; true"))
                .isZero();
        assertThat(Main.run("record", "-o", fixed.toString(), "--", program, logs.toString(), "--fixed")).isZero();
    }

    static List<String> sql(Path capture, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sysql:" + capture);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            List<String> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cells.add(rs.getString(i));
                }
                rows.add(String.join("|", cells));
            }
            return rows;
        }
    }

    /** The rows of an aligned table, header first, each split on runs of spaces. */
    static List<List<String>> table(String printed) {
        return Arrays.stream(printed.strip().split("\n")).map(l -> Arrays.asList(l.strip().split("\\s{2,}")))
                .collect(Collectors.toList());
    }

    @Test
    void lsofAtTheExitOfLeakyListsTheLeakedLogAndTheFixedVariantOnlyItsStdio() {
        String at = "proc_name = 'leaky' AND ends_process";
        Cli leaked = Cli.run("lsof", leaky.toString(), "--where", "proc_name = 'leaky'", "--at", at);
        assertThat(leaked.status).as(leaked.toString()).isZero();
        List<List<String>> rows = table(leaked.out);
        assertThat(rows.get(0)).containsExactly("COMMAND", "PID", "USER", "FD", "TYPE", "NAME");
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(3)).containsExactly("0", "1", "2", "3", "4");
        assertThat(leaked.out).contains(logs.resolve("leaky.log").toString(), logs.resolve("leaky.state").toString());

        Cli clean = Cli.run("lsof", fixed.toString(), "--where", "proc_name = 'leaky'", "--at", at);
        List<List<String>> cleanRows = table(clean.out);
        assertThat(cleanRows.subList(1, cleanRows.size())).extracting(r -> r.get(3)).containsExactly("0", "1", "2");
    }

    @Test
    void lsofAsJsonIsAnArrayOfObjectsKeyedByColumnName() throws Exception {
        Cli json = Cli.run("lsof", leaky.toString(), "--where", "proc_name = 'leaky'", "--at",
                "proc_name = 'leaky' AND type = 'procexit'", "--format", "json");
        assertThat(json.status).as(json.toString()).isZero();
        com.fasterxml.jackson.databind.JsonNode rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out);
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(5);
        assertThat(rows.get(3).get("fd").asInt()).isEqualTo(3);
        assertThat(rows.get(3).get("name").asText()).isEqualTo(logs.resolve("leaky.log").toString());
        assertThat(rows.get(3).get("command").asText()).isEqualTo("leaky");
        assertThat(rows.get(3).get("pid").isInt()).isTrue();
    }

    @Test
    void theSameLeakThroughSqlWithAsOfASubquery() throws SQLException {
        String q = "SELECT fd, name FROM fds AS OF (SELECT MIN(num) FROM events WHERE proc_name = 'leaky' "
                + "AND type = 'procexit') WHERE proc_name = 'leaky' AND fd > 2 ORDER BY fd";
        assertThat(sql(leaky, q)).containsExactly("3|" + logs.resolve("leaky.log"), "4|" + logs.resolve("leaky.state"));
        assertThat(sql(fixed, q)).isEmpty();
        assertThat(sql(leaky, "SELECT COUNT(*) FROM fds WHERE proc_name = 'leaky'"))
                .as("without AS OF: the end of the capture, when leaky is long gone").containsExactly("0");
    }

    @Test
    void showSqlPrintsTheStatementTheChiselRuns() {
        Cli shown = Cli.run("lsof", leaky.toString(), "--where", "fd > 2", "--at", "42", "--show-sql");
        assertThat(shown.out).contains("FROM fds AS OF 42").contains("WHERE (fd > 2)").startsWith("SELECT");
        // a syntax error in --where or --at is placed in the option's text, not in the statement around it
        assertThat(Cli.run("lsof", leaky.toString(), "--where", "fd > > 2").err).contains("at column 4 of --where");
        assertThat(Cli.run("lsof", leaky.toString(), "--at", "type = = 'procexit'").err).contains("at column 6 of --at");
        Cli everything = Cli.run("lsof", leaky.toString(), "--show-sql");
        assertThat(everything.out).doesNotContain("WHERE").contains("ORDER BY pid, fd");
    }

    @Test
    void aFailingIoCallAndTheFdTableAsOfIt() throws SQLException {
        List<String> failed = sql(leaky, "SELECT num, type, errno, errno_name FROM events "
                + "WHERE proc_name = 'leaky' AND type = 'read' AND failed");
        assertThat(failed).hasSize(1);
        String[] f = failed.get(0).split("\\|");
        assertThat(f[2]).isEqualTo("9");
        assertThat(f[3]).isEqualTo("EBADF");
        List<String> open = sql(leaky, "SELECT name FROM fds AS OF " + f[0] + " WHERE proc_name = 'leaky' AND fd > 2 ORDER BY fd");
        assertThat(open).containsExactly(logs.resolve("leaky.log").toString(), logs.resolve("leaky.state").toString());
        List<String> before = sql(leaky, "SELECT name FROM fds AS OF " + (Long.parseLong(f[0]) - 2)
                + " WHERE proc_name = 'leaky' AND fd > 2 ORDER BY fd");
        assertThat(before).as("/etc/hostname was open just before the close that preceded the failing read")
                .contains("/etc/hostname");
    }

    @Test
    void stateAroundTheLogLineThatSaysError() throws SQLException {
        List<String> write = sql(leaky, "SELECT num, fd_name, buffer FROM events WHERE type = 'write' AND buffer LIKE '%ERROR%'");
        assertThat(write).hasSize(1);
        assertThat(write.get(0)).contains(logs.resolve("leaky.log").toString()).contains("ERROR config vanished");
        assertThat(sql(leaky, "SELECT name FROM fds AS OF (SELECT MIN(num) FROM events WHERE type = 'write' "
                + "AND buffer LIKE '%ERROR%') WHERE proc_name = 'leaky' AND fd > 2 ORDER BY fd"))
                .containsExactly(logs.resolve("leaky.log").toString(), logs.resolve("leaky.state").toString());
    }

    @Test
    void stateAtEveryCloseOfAProcessInOneQuery() throws SQLException {
        List<String> rows = sql(leaky, "SELECT e.num, e.fd_name, COUNT(f.fd) FROM events e "
                + "JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num) f ON f.pid = e.pid "
                + "WHERE e.proc_name = 'leaky' AND e.type = 'close' GROUP BY e.num, e.fd_name ORDER BY e.num");
        assertThat(rows).isNotEmpty();
        String hostnameClose = rows.stream().filter(r -> r.contains("/etc/hostname")).findFirst().orElseThrow();
        assertThat(hostnameClose).endsWith("|5").as("0-2, the log and the state file remain after closing it");
        List<String> lateral = sql(leaky, "SELECT e.num, COUNT(*) FROM events e, LATERAL TABLE(fds_at(e.num)) f "
                + "WHERE e.proc_name = 'leaky' AND e.type = 'close' AND f.pid = e.pid GROUP BY e.num ORDER BY e.num");
        assertThat(lateral).isEqualTo(rows.stream().map(r -> r.split("\\|")[0] + "|" + r.split("\\|")[2])
                .collect(Collectors.toList()));
    }

    @Test
    void processesWithAndWithoutBashAmongTheirAncestors() throws SQLException {
        String at = "(SELECT MIN(num) FROM events WHERE proc_name = 'leaky' AND type = 'read')";
        List<String> withBash = sql(leaky, "SELECT DISTINCT p.name FROM processes AS OF " + at + " p WHERE EXISTS "
                + "(SELECT 1 FROM ancestors AS OF " + at + " a WHERE a.upid = p.upid AND a.ancestor_name LIKE '%bash%')");
        assertThat(withBash).contains("leaky");
        List<String> withoutBash = sql(leaky, "SELECT DISTINCT p.name FROM processes AS OF " + at + " p WHERE NOT EXISTS "
                + "(SELECT 1 FROM ancestors AS OF " + at + " a WHERE a.upid = p.upid AND a.ancestor_name LIKE '%bash%')");
        List<String> roots = sql(leaky, "SELECT DISTINCT name FROM processes AS OF " + at
                + " WHERE ppid = 0 AND name NOT LIKE '%bash%'");
        assertThat(roots).as("init and kernel threads have no parent at all").isNotEmpty();
        assertThat(withoutBash).doesNotContain("leaky").containsAll(roots);
    }

    @Test
    void processesWithFilesOpenUnderEtc() throws SQLException {
        String at = "(SELECT MIN(num) FROM events WHERE proc_name = 'leaky' AND type = 'read' AND fd_name = '/etc/hostname')";
        assertThat(sql(leaky, "SELECT DISTINCT proc_name FROM fds AS OF " + at + " WHERE name LIKE '/etc/%'"))
                .contains("leaky");
    }

    @Test
    void errorsSayWhatIsWrongInTheUsersOwnTerms() {
        Cli syntax = Cli.run("query", leaky.toString(), "SELECT fd FROM fds AS OF 3 WHERE fd >");
        assertThat(syntax.status).isNotZero();
        assertThat(syntax.err).contains("column 37").doesNotContain("FOR SYSTEM_TIME").doesNotContain("\tat ");
        Cli column = Cli.run("query", leaky.toString(), "SELECT proc_nam FROM fds");
        assertThat(column.status).isNotZero();
        assertThat(column.err).contains("proc_name");
        Cli missing = Cli.run("query", tmp.resolve("nope").toString(), "SELECT 1");
        assertThat(missing.status).isNotZero();
        assertThat(missing.err).contains("no such capture directory");
        Cli notCapture = Cli.run("query", logs.toString(), "SELECT 1");
        assertThat(notCapture.err).contains("not a sysql capture");
        Cli info = Cli.run("info", logs.toString());
        assertThat(info.status).isNotZero();
        assertThat(info.err).contains("not a sysql capture");
    }

    @Test
    void outputFormatsForPrograms() {
        Cli csv = Cli.run("query", leaky.toString(), "SELECT fd, name FROM fds AS OF (SELECT MIN(num) FROM events "
                + "WHERE proc_name = 'leaky' AND type = 'procexit') WHERE proc_name = 'leaky' ORDER BY fd", "--format", "csv");
        assertThat(csv.out.split("\n")[0]).isEqualTo("fd,name");
        assertThat(csv.out).contains("3," + logs.resolve("leaky.log"));
        Cli json = Cli.run("query", leaky.toString(), "SELECT fd, name FROM fds AS OF (SELECT MIN(num) FROM events "
                + "WHERE proc_name = 'leaky' AND type = 'procexit') WHERE proc_name = 'leaky' AND fd = 3", "--format", "json");
        assertThat(json.out).contains("\"fd\": 3").contains("\"name\": \"" + logs.resolve("leaky.log") + "\"");
    }
}
