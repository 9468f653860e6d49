package io.sysql.sql;

import org.apache.calcite.DataContext;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * Between capture time (ns since the epoch) and Calcite's TIMESTAMP, which is a wall-clock reading kept
 * as milliseconds "as if UTC". The wall clock is the connection's time zone (Calcite's {@code timeZone}
 * property, the JVM's by default), so {@code ResultSet.getTimestamp} gives the true instant and a literal
 * {@code TIMESTAMP '2026-11-26 10:00:00.5'} means 10:00:00.5 on the user's clock.
 */
final class SqlTime {
    private final ZoneId zone;

    private SqlTime(ZoneId zone) {
        this.zone = zone;
    }

    static SqlTime of(DataContext root) {
        TimeZone tz = root == null ? null : DataContext.Variable.TIME_ZONE.get(root);
        return new SqlTime(tz == null ? ZoneId.systemDefault() : tz.toZoneId());
    }

    /** A capture timestamp as Calcite's TIMESTAMP value. */
    long toSqlTimestamp(long epochNanos) {
        Instant i = Instant.ofEpochSecond(0, epochNanos);
        LocalDateTime local = LocalDateTime.ofInstant(i, zone);
        return local.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** A Calcite TIMESTAMP value as ns since the epoch. */
    long toEpochNanos(long sqlTimestamp) {
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(sqlTimestamp), ZoneOffset.UTC);
        return millisToNanos(local.atZone(zone).toInstant().toEpochMilli());
    }

    /**
     * Nanoseconds since the epoch, saturated: a long counts them only from 1677 to 2262, and an instant
     * outside is still before or after every event.
     */
    static long millisToNanos(long millis) {
        try {
            return Math.multiplyExact(millis, 1_000_000L);
        } catch (ArithmeticException outOfRange) {
            return millis < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
