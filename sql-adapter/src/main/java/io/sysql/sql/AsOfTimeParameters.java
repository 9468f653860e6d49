package io.sysql.sql;

import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.jdbc.CalcitePrepare;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Date;
import java.util.Locale;
import java.util.Set;

/**
 * A time bound to an {@code AS OF ?} parameter ({@code setTimestamp}, {@code setDate}, {@code setObject} of
 * either) is that instant, as with {@code AS OF TIMESTAMP ?}. Calcite hands a statement a time as its
 * milliseconds, a number like any other, so before the statement runs the driver rebinds such a parameter,
 * whose value's type it still knows, to the time itself, which {@link AsOfPoint} takes as a time.
 */
public final class AsOfTimeParameters {
    /** The prepared statement's internal parameter naming which of its parameters are AS OF points. */
    private static final String KEY = "sysql.asOfParameters";
    /** The values bound to a prepared statement: Avatica has no public way to change one's type. */
    private static final Field SLOTS;
    /** What a prepared statement was prepared as (Avatica keeps it to itself). */
    private static final Method SIGNATURE;

    static {
        try {
            SLOTS = AvaticaPreparedStatement.class.getDeclaredField("slots");
            SLOTS.setAccessible(true);
            SIGNATURE = AvaticaStatement.class.getDeclaredMethod("getSignature");
            SIGNATURE.setAccessible(true);
        } catch (NoSuchFieldException | NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private AsOfTimeParameters() {
    }

    /** Records in a prepared statement which of its parameters are AS OF points. */
    static void note(CalcitePrepare.CalciteSignature<?> signature, RewrittenSql sql) {
        if (!sql.eventNumberParameters().isEmpty()) {
            signature.internalParameters.put(KEY, sql.eventNumberParameters());
        }
    }

    /**
     * Rebinds each time bound to an AS OF point of {@code statement} to a {@link Timestamp}: the instant
     * the connection's time zone gave the time.
     */
    public static void bindTimesAsTimes(AvaticaPreparedStatement statement) {
        Object signature;
        try {
            signature = SIGNATURE.invoke(statement);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
        if (!(signature instanceof CalcitePrepare.CalciteSignature<?> calcite)
                || !(calcite.internalParameters.get(KEY) instanceof Set<?> points)) {
            return;
        }
        TypedValue[] slots;
        Calendar calendar;
        try {
            slots = (TypedValue[]) SLOTS.get(statement);
            calendar = Calendar.getInstance(statement.getConnection().unwrap(
                    org.apache.calcite.avatica.AvaticaConnection.class).getTimeZone(), Locale.ROOT);
        } catch (IllegalAccessException | SQLException e) {
            throw new IllegalStateException(e);
        }
        for (Object p : points) {
            int i = (Integer) p;
            TypedValue v = i < slots.length ? slots[i] : null;
            if (v != null && v.value != null && (v.type == ColumnMetaData.Rep.JAVA_SQL_TIMESTAMP
                    || v.type == ColumnMetaData.Rep.JAVA_SQL_DATE || v.type == ColumnMetaData.Rep.JAVA_UTIL_DATE)) {
                Date instant = (Date) v.toJdbc(calendar);
                slots[i] = TypedValue.ofLocal(ColumnMetaData.Rep.OBJECT, new Timestamp(instant.getTime()));
            }
        }
    }
}
