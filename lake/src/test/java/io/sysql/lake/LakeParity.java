package io.sysql.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The questions an engine over the export must answer as sysql does over each capture, with identical rows:
 * processes, fds and connections AS OF three events and three instants of every capture, events per type per
 * host, and each client's connect on one host met with the server's accept on another, with the server's
 * fds at the accept. Captures: a server and its client recorded here with strace (two hosts), the machine
 * recorded with eBPF where the test runs as root, and two of the repository's imported sysdig captures. Each engine's subclass says how it asks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LakeParity {
    static final List<String> STATE_TABLES = List.of("processes", "fds", "connections");
    /** A capture's client IP sockets whose both ends are known: ufd, local ip and port, remote ip and port. */
    private static final String CLIENT_SOCKETS = "SELECT DISTINCT ufd, local_ip, local_port, remote_ip, remote_port"
            + " FROM fds_history WHERE NOT is_server AND local_port IS NOT NULL AND remote_port IS NOT NULL";
    /** A capture's accepts: num, pid, local ip and port, remote ip and port. */
    private static final String ACCEPTS = "SELECT num, pid, local_ip, local_port, remote_ip, remote_port FROM events"
            + " WHERE type IN ('accept', 'accept4') AND NOT failed AND remote_ip IS NOT NULL";
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    /** Capture name → directory. */
    final Map<String, Path> captures = new LinkedHashMap<>();
    Path lake;

    @BeforeAll
    void export(@TempDir Path tmp) throws Exception {
        captures.put("web", tmp.resolve("web"));
        captures.put("client", tmp.resolve("client"));
        LakeCaptures.serverAndClient(captures.get("web"), captures.get("client"));
        LakeCaptures.system(tmp.resolve("system")).ifPresent(dir -> captures.put("system", dir));
        for (String sample : List.of("connect_localhost", "test_ipv6_client")) {
            captures.put(sample, LakeCaptures.imported(sample + ".scap", tmp.resolve(sample)));
        }
        lake = tmp.resolve("lake");
        LakeExport.write(new ArrayList<>(captures.values()), lake, (c, done, total) -> { });
        openEngine(lake);
    }

    @AfterAll
    void close() throws Exception {
        closeEngine();
    }

    abstract void openEngine(Path lake) throws Exception;

    abstract void closeEngine() throws Exception;

    /** The rows of a query over the lake, each cell as text (null stays null), sorted. */
    abstract List<List<String>> query(String sql) throws Exception;

    /** What the lake selects FROM for a state table ({@code %s}) AS OF event {@code num} of a capture. */
    String atEvent(String capture, long num) {
        return "%s_at('" + capture + "', " + num + ")";
    }

    /** What the lake selects FROM for a state table ({@code %s}) of a capture AS OF TIMESTAMP {@code t}. */
    String atInstant(String capture, String t) {
        return "%s_as_of(TIMESTAMP '" + t + "') WHERE capture = '" + capture + "'";
    }

    /** The heading of README's section whose sql block holds this engine's lake examples. */
    String readmeSection() {
        return Readme.LAKE;
    }

    @Test
    void statesAsOfThreeEventsOfEachCapture() throws Exception {
        compareStates("three events", (sysql, capture) -> {
            List<Point> points = new ArrayList<>();
            for (long num : threePoints(sysql)) {
                points.add(new Point(Long.toString(num), atEvent(capture, num), "AS OF " + num));
            }
            return points;
        });
    }

    @Test
    void statesAsOfThreeInstantsOfEachCapture() throws Exception {
        compareStates("three instants", (sysql, capture) -> {
            List<Point> points = new ArrayList<>();
            for (long num : threePoints(sysql)) {
                long ts = Long.parseLong(Engines.rows(sysql, "SELECT ts FROM events WHERE num = " + num).get(0).get(0));
                String t = SQL_TIME.format(Instant.ofEpochMilli(Math.floorDiv(ts, 1_000_000L)));
                points.add(new Point(t, atInstant(capture, t), "AS OF TIMESTAMP '" + t + "'"));
            }
            return points;
        });
    }

    /**
     * A point of a capture: its tag in the rows, what the lake selects FROM there ({@code %s} the table) and
     * sysql's AS OF clause.
     */
    private record Point(String tag, String lakeFrom, String sysqlAsOf) {
    }

    @FunctionalInterface
    private interface Points {
        List<Point> of(Connection sysql, String capture) throws Exception;
    }

    /** Each state table asked once for every capture and point (one query per table: Spark starts jobs per query). */
    private void compareStates(String which, Points points) throws Exception {
        for (String table : STATE_TABLES) {
            List<String> asked = new ArrayList<>();
            List<List<String>> expected = new ArrayList<>();
            for (Map.Entry<String, Path> c : captures.entrySet()) {
                try (Connection sysql = Engines.sysql(c.getValue())) {
                    String columns = String.join(", ", Engines.columnsButTimes(sysql, table));
                    for (Point p : points.of(sysql, c.getKey())) {
                        asked.add("SELECT '" + c.getKey() + "' AS at_capture, '" + p.tag() + "' AS at_point, " + columns
                                + " FROM " + p.lakeFrom().formatted(table));
                        for (List<String> row : Engines.rows(sysql, "SELECT " + columns + " FROM " + table + " "
                                + p.sysqlAsOf())) {
                            expected.add(tagged(c.getKey(), p.tag(), row));
                        }
                    }
                }
            }
            expected.sort(Engines::compare);
            assertThat(query(String.join("\nUNION ALL ", asked))).as("%s AS OF %s of each capture", table, which)
                    .isEqualTo(expected);
        }
    }

    private static List<String> tagged(String capture, String point, List<String> row) {
        List<String> out = new ArrayList<>(row.size() + 2);
        out.add(capture);
        out.add(point);
        out.addAll(row);
        return out;
    }

    /** Compared with sysql over all the captures at once ({@code jdbc:sysql:DIR1,DIR2,…}, a host per capture). */
    @Test
    void eventsPerTypePerHost() throws Exception {
        String sql = "SELECT host, type, COUNT(*) FROM events GROUP BY host, type";
        try (Connection fleet = Engines.sysql(new ArrayList<>(captures.values()))) {
            assertThat(query(sql)).isEqualTo(Engines.rows(fleet, sql));
        }
    }

    @Test
    void readmesExamplesRun() throws Exception {
        for (String example : Readme.lakeExamples(readmeSection())) {
            assertThatCode(() -> query(example)).as(example).doesNotThrowAnyException();
        }
    }

    /** README's cross-host join: each client socket met with its server's accept, with the server's fds then. */
    @Test
    void clientSocketsMetByServerAccepts() throws Exception {
        List<List<String>> expected = new ArrayList<>();
        for (Map.Entry<String, Path> client : captures.entrySet()) {
            for (Map.Entry<String, Path> server : captures.entrySet()) {
                if (client.getKey().equals(server.getKey())) {
                    continue;
                }
                try (Connection cs = Engines.sysql(client.getValue()); Connection ss = Engines.sysql(server.getValue())) {
                    for (List<String> c : Engines.rows(cs, CLIENT_SOCKETS)) {
                        for (List<String> a : Engines.rows(ss, ACCEPTS)) {
                            if (c.subList(1, 3).equals(a.subList(4, 6)) && c.subList(3, 5).equals(a.subList(2, 4))) {
                                for (List<String> fd : Engines.rows(ss, "SELECT fd, name FROM fds AS OF " + a.get(0)
                                        + " WHERE pid = " + a.get(1))) {
                                    expected.add(List.of(client.getKey(), c.get(0), server.getKey(), a.get(0),
                                            fd.get(0), fd.get(1)));
                                }
                            }
                        }
                    }
                }
            }
        }
        expected.sort(Engines::compare);
        assertThat(expected).as("the web server's accepts of the client's two connections, each with its fds")
                .extracting(r -> r.get(0) + "->" + r.get(2)).contains("client->web");
        assertThat(query(Readme.lakeExample(readmeSection(), "each client socket"))).isEqualTo(expected);
    }

    /** A third of the way, two thirds and the last event. */
    private static List<Long> threePoints(Connection sysql) throws SQLException {
        long last = Long.parseLong(Engines.rows(sysql, "SELECT MAX(num) FROM events").get(0).get(0));
        return List.of(Math.max(1, last / 3), Math.max(1, 2 * last / 3), last);
    }

    /** The host the export files a capture under: its recorded host name, else its directory's name. */
    static String host(Connection sysql, Path dir) throws SQLException {
        String host = Engines.rows(sysql, "SELECT host FROM capture").get(0).get(0);
        return host == null || host.isBlank() ? dir.getFileName().toString() : host;
    }
}
