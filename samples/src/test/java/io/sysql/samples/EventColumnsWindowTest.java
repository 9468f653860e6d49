package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The window queries the event columns answer (top files by bytes, calls and bytes in a time range,
 * failed calls by type and errno, a pid's calls per fd type) give, over any window, the rows the journal
 * gives: the journal's answer is the same query with a filter on tid, a field only the journal holds.
 */
class EventColumnsWindowTest {
    private static final int EVENTS = 10_000;
    private static final long US = 1_000L;
    private static final List<String> QUERIES = List.of(
            "SELECT fd_name, sum(res), count(*) FROM events WHERE ts BETWEEN ? AND ? AND fd_type = 'file'"
                    + " AND res > 0 AND type IN ('read', 'write') %s GROUP BY fd_name ORDER BY 2 DESC, 1 LIMIT 10",
            "SELECT count(*), sum(res), count(res) FROM events WHERE ts >= ? AND ts < ? %s",
            "SELECT type, errno_name, count(*) FROM events WHERE ts BETWEEN ? AND ? AND failed %s"
                    + " GROUP BY type, errno_name ORDER BY 1, 2",
            "SELECT fd_type, count(*), sum(res) FROM events WHERE ts BETWEEN ? AND ? AND pid = 103 %s"
                    + " GROUP BY fd_type ORDER BY 1",
            "SELECT num, ts, res, fd_name FROM events WHERE ts BETWEEN ? AND ? AND res > 1000 %s ORDER BY num");
    private static Path dir;

    @BeforeContainer
    static void capture() throws IOException {
        dir = Files.createTempDirectory("columns-window").resolve("cap");
        SyntheticCapture.write(dir, EVENTS, 6);
    }

    @AfterContainer
    static void removeCapture() throws IOException {
        try (Stream<Path> all = Files.walk(dir.getParent())) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 12)
    void theColumnsAnswerEveryWindowAsTheJournalDoes(@ForAll @LongRange(min = -100, max = EVENTS + 100) long from,
            @ForAll @LongRange(min = 0, max = EVENTS / 2) long length) throws SQLException {
        long lo = SyntheticCapture.T0 + from * US;
        long hi = lo + length * US;
        for (String q : QUERIES) {
            List<List<String>> fromJournal = Samples.rows(dir, String.format(q, "AND tid >= 0"), lo, hi);
            // with the bounds as parameters, and as literals (which the aggregates over the columns take)
            assertThat(Samples.rows(dir, String.format(q, ""), lo, hi)).as(q + " over " + lo + ".." + hi)
                    .isEqualTo(fromJournal);
            String literal = String.format(q, "").replaceFirst("\\?", String.valueOf(lo))
                    .replaceFirst("\\?", String.valueOf(hi));
            assertThat(Samples.rows(dir, literal)).as(literal).isEqualTo(fromJournal);
        }
    }
}
