package io.sysql.cli;

import io.sysql.sql.ChiselViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"The busiest over a window of the capture (like sysdig's top* chisels): one SQL",
                "statement over events (--show-sql prints it). The window: --from/--to, or --window",
                "DURATION ending --at a point (default: the end of the capture); no option: all of it.",
                "--every DURATION replays it as one ranking per interval, like top's refresh.",
                "--where applies to the columns of events, e.g. \"proc_name = 'nginx'\"."})
final class TopCommand extends ChiselCommand {
    /** What is ranked: each a question of {@link ChiselViews}, whose view and table function rank the same. */
    enum Ranking {
        syscalls(ChiselViews.TOP_SYSCALLS),
        errors(ChiselViews.TOP_PROCESSES_ERRORS),
        bytes(ChiselViews.TOP_FILES),
        files(ChiselViews.TOP_PROCESSES_FILE),
        connections(ChiselViews.TOP_CONNECTIONS),
        ports(ChiselViews.TOP_SERVER_PORTS),
        processes(ChiselViews.TOP_PROCESSES),
        cpu(ChiselViews.TOP_PROCESSES_CPU);

        final ChiselViews.Ranking question;

        Ranking(ChiselViews.Ranking question) {
            this.question = question;
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");

    @Option(names = "--by", paramLabel = "WHAT", defaultValue = "syscalls",
            description = {"What is ranked: syscalls (calls by count), errors (processes by failed calls), bytes"
                    + " (files by bytes read and written), files (processes by bytes on files), connections (IP"
                    + " sockets by bytes), ports (server ports by bytes of their connections), processes (processes"
                    + " by calls), cpu (processes by CPU time used). Default: ${DEFAULT-VALUE}."})
    Ranking by;

    @Option(names = "--from", paramLabel = "WHEN", description = "The window starts at this point (as --at), included.")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "The window ends at this point (as --at), included.")
    String to;

    @Option(names = "--window", paramLabel = "DURATION",
            description = "The window is this long and ends at --at (default: the end of the capture): 500ms, 10s, 5m...")
    String window;

    @Option(names = "--every", paramLabel = "DURATION",
            description = "One ranking per interval of this length (1s, 100ms...), in time order, each with its start.")
    String every;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
            description = "Rows per ranking. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    String[][] optionTexts() {
        return new String[][] {{"--where", where}, {"--at", at}, {"--from", from}, {"--to", to}};
    }

    /** Its windows and rankings are over one capture's events and times. */
    @Override
    boolean readsSeveralCaptures() {
        return false;
    }

    /**
     * A window bound by an event that does not exist would be a silent empty ranking: an event number past the
     * end, or a condition no event matches, is an error instead, and so is a window that ends before it starts.
     */
    @Override
    void checkOptions(Connection c) throws SQLException {
        for (String[] option : new String[][] {{"--at", at}, {"--from", from}, {"--to", to}}) {
            String point = option[1] == null ? null : When.asOfClause(option[1]);
            if (point == null || When.isTime(point)) {
                continue;
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + point + ", (SELECT events FROM capture)")) {
                rs.next();
                long num = rs.getLong(1);
                if (rs.wasNull()) {
                    throw new UserError(option[0] + ": no event matches " + option[1]);
                }
                if (num > rs.getLong(2)) {
                    throw new UserError(option[0] + " " + num + ": past the capture's last event, " + rs.getLong(2));
                }
            }
        }
        checkWindowOrder(c);
    }

    /** Points of one kind compare as they bound the window: event numbers by number, a time with an event's time. */
    private void checkWindowOrder(Connection c) throws SQLException {
        if (from == null || to == null) {
            return;
        }
        String start = When.asOfClause(from);
        String end = When.asOfClause(to);
        String endsFirst = When.isTime(start) || When.isTime(end)
                ? When.timeOf(to, "event_time") + " < " + When.timeOf(from, "event_time") : end + " < " + start;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CASE WHEN " + endsFirst + " THEN 1 ELSE 0 END")) {
            rs.next();
            if (rs.getInt(1) == 1) {
                throw new UserError("the window ends before it starts: --to " + to + " is before --from " + from);
            }
        }
    }

    @Override
    List<String> headers() {
        List<String> headers = new ArrayList<>();
        if (every != null) {
            headers.add("TIME");
        }
        for (String key : by.question.keyNames()) {
            headers.add(key.equals("proc_name") ? "PROCESS" : key.toUpperCase(Locale.ROOT));
        }
        headers.add(by.question.measureName().toUpperCase(Locale.ROOT));
        return headers;
    }

    @Override
    String statement() {
        if (limit < 1) {
            throw new UserError("--limit must be at least 1, not " + limit);
        }
        ChiselViews.Ranking q = by.question;
        List<String> conditions = new ArrayList<>(List.of(q.condition()));
        conditions.addAll(window());
        if (where != null && !where.isBlank()) {
            conditions.add(ChiselCondition.of("--where", where));
        }
        String groupBy = String.join(", ", q.keyValues());
        String select = String.join(", ", q.keyExpressions()) + ", " + q.measure() + " AS " + q.measureName();
        String whereClause = "\nFROM " + q.from("events") + "\nWHERE " + String.join("\n  AND ", conditions);
        String ranking = q.measure() + " DESC, " + groupBy;
        String names = String.join(", ", q.keyNames()) + ", " + q.measureName();
        if (every == null) {
            return "SELECT " + select + whereClause + "\nGROUP BY " + groupBy
                    + "\nORDER BY " + q.measureName() + " DESC, " + String.join(", ", q.keyNames())
                    + "\nLIMIT " + limit;
        }
        String bucket = "time_bucket(" + interval("--every", every) + ", event_time)";
        return "SELECT \"time\", " + names + " FROM (\n"
                + "SELECT " + bucket + " AS \"time\", " + select
                + ",\n  ROW_NUMBER() OVER (PARTITION BY " + bucket + " ORDER BY " + ranking + ") AS place"
                + whereClause + "\nGROUP BY " + bucket + ", " + groupBy + ")"
                + "\nWHERE place <= " + limit + "\nORDER BY \"time\", place";
    }

    /** The conditions on events that make the window. */
    private List<String> window() {
        List<String> bounds = new ArrayList<>();
        if (window != null) {
            if (from != null || to != null) {
                throw new UserError("--window goes with --at (the window's end), not with --from/--to");
            }
            long nanos = nanos("--window", window);
            if (at == null) {
                bounds.add("ts > (SELECT end_ts FROM capture) - " + nanos);
            } else if (When.isTime(When.asOfClause(at))) {
                bounds.add("event_time > " + When.timeOf(at, "ts") + " - " + interval("--window", window));
            } else {
                bounds.add("ts > " + When.timeOf(at, "ts") + " - " + nanos);
            }
        } else if (at != null && (from != null || to != null)) {
            throw new UserError("--at ends a --window; for a window between two points write --from and --to");
        }
        if (from != null) {
            bounds.add(When.eventBound(from, ">="));
        }
        String end = at != null ? at : to;
        if (end != null) {
            bounds.add(When.eventBound(end, "<="));
        }
        return bounds;
    }

    /** A duration option ("500ms", "1.5s", "2m") in nanoseconds. */
    private static long nanos(String option, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UserError(option + " takes a duration such as 500ms, 1s, 1.5s, 2m or 1h, not '" + text + "'");
        }
        long unit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        BigDecimal n = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (n.signum() == 0) {
            throw new UserError(option + " must be longer than 0");
        }
        return n.longValue();
    }

    /** A duration option as an SQL day-time interval; SQL keeps those in whole milliseconds. */
    private static String interval(String option, String text) {
        long nanos = nanos(option, text);
        if (nanos % 1_000_000L != 0) {
            throw new UserError(option + " must be whole milliseconds, not '" + text + "'");
        }
        return "INTERVAL '" + BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "' SECOND";
    }
}
