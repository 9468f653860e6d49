package io.sysql.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
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

    /** {@link #TIMESTAMP}'s text, its space written T, read to the nanosecond. */
    private static final DateTimeFormatter INSTANT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T').appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd().optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    private When() {
    }

    /**
     * The instant a time written as {@code --at} takes one (Z or an offset, else on {@code zone}'s clock, as
     * SQL reads a TIMESTAMP literal) in ns since the epoch, every digit of its fraction kept; null when the
     * text is not such a time.
     */
    static Long epochNanos(String text, ZoneId zone) {
        String t = text.trim();
        if (!TIMESTAMP.matcher(t).matches()) {
            return null;
        }
        try {
            TemporalAccessor parsed = INSTANT.parse(t.replace(' ', 'T'));
            LocalDateTime local = LocalDateTime.from(parsed);
            Instant instant = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? local.toInstant(ZoneOffset.from(parsed)) : local.atZone(zone).toInstant();
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeException | ArithmeticException notATime) { // 25:00, February 30, or past 2262
            return null;
        }
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

    /**
     * The point's time as SQL: a time is its TIMESTAMP, an event its {@code column} ({@code ts}: ns since the
     * epoch; {@code event_time}: the TIMESTAMP {@link #eventBound} compares a time with).
     */
    static String timeOf(String at, String column) {
        String point = asOfClause(at);
        return isTime(point) ? point : "(SELECT " + column + " FROM events WHERE num = " + point + ")";
    }

    static boolean isTime(String asOfClause) {
        return asOfClause.regionMatches(true, 0, "TIMESTAMP", 0, 9);
    }
}
