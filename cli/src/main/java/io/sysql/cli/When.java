package io.sysql.cli;

import java.util.regex.Pattern;

/**
 * The {@code --at} of the chisels, as the SQL text that follows {@code AS OF}: an event number, a
 * timestamp (on the local clock, or an instant with Z or an offset), or a condition on {@code events}
 * meaning the first event that matches it.
 */
final class When {
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    /** Only the literal: anything after it would land in the chisel's FROM clause. */
    private static final Pattern TIMESTAMP_LITERAL = Pattern.compile("(?i)TIMESTAMP\\s+'[^']*'");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?");

    private When() {
    }

    static String asOfClause(String at) {
        String t = at.trim();
        if (NUMBER.matcher(t).matches()) {
            return t;
        }
        if (TIMESTAMP.matcher(t).matches()) {
            return "TIMESTAMP '" + t.replace(' ', 'T') + "'"; // ISO 8601, which the SQL layer reads, with a zone or not
        }
        if (TIMESTAMP_LITERAL.matcher(t).matches()) {
            return t;
        }
        return "(SELECT MIN(num) FROM events WHERE " + ChiselCondition.of("--at", t) + ")";
    }

    /**
     * A condition keeping the events on one side of a point: {@code op} is {@code >=} (from the point on) or
     * {@code <=} (up to it). A time compares with each event's time, any other point with its number.
     */
    static String eventBound(String at, String op) {
        String point = asOfClause(at);
        return (isTime(point) ? "event_time " : "num ") + op + " " + point;
    }

    /** The point's time as SQL: a TIMESTAMP, or a BIGINT of ns since the epoch (the ts of the point's event). */
    static String timeOf(String at) {
        String point = asOfClause(at);
        return isTime(point) ? point : "(SELECT ts FROM events WHERE num = " + point + ")";
    }

    static boolean isTime(String asOfClause) {
        return asOfClause.regionMatches(true, 0, "TIMESTAMP", 0, 9);
    }
}
