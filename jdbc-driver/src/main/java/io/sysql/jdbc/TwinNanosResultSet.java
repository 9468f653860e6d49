package io.sysql.jdbc;

import io.sysql.sql.TwinNanos;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.util.Cursor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

/**
 * The result set of a statement that shows a time twin ({@link TwinNanos}): each such column's TIMESTAMP, which
 * Calcite computed to the millisecond, has the nanoseconds of the ns value carried beside it in the row, through
 * {@code getTimestamp}, {@code getObject} and {@code getString} (nine fractional digits). The carriers are no
 * columns of the result: its metadata, like Calcite's, lists the statement's columns only.
 */
final class TwinNanosResultSet extends AvaticaResultSet {
    /** The getters whose value is the time, and so gets the nanoseconds. */
    private static final Set<String> TIME_GETTERS = Set.of("getTimestamp", "getObject", "getString");
    private static final ColumnMetaData CARRIER = ColumnMetaData.dummy(
            ColumnMetaData.scalar(Types.BIGINT, "BIGINT", ColumnMetaData.Rep.LONG), true);

    private final Map<Integer, Integer> carriers;
    private final Handler handler;

    TwinNanosResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
            ResultSetMetaData metaData, TimeZone timeZone, Meta.Frame firstFrame, Map<Integer, Integer> carriers,
            Handler handler) throws SQLException {
        super(statement, state, signature, metaData, timeZone, firstFrame);
        this.carriers = carriers;
        this.handler = handler;
    }

    @Override
    protected AvaticaResultSet execute() throws SQLException {
        handler.onStatementExecute(statement, null); // as Calcite's own result set does
        super.execute();
        List<ColumnMetaData> withCarriers = new ArrayList<>(columnMetaDataList);
        withCarriers.addAll(Collections.nCopies(Collections.max(carriers.values()) + 1 - withCarriers.size(), CARRIER));
        List<Cursor.Accessor> read = cursor.createAccessors(withCarriers, localCalendar, this);
        List<Cursor.Accessor> shown = new ArrayList<>(accessorList);
        carriers.forEach((column, carrier) -> shown.set(column, exact(shown.get(column), read.get(carrier))));
        accessorList = shown;
        return this;
    }

    /** {@code time}'s accessor, its time values given the nanoseconds that {@code nanos} reads. */
    private static Cursor.Accessor exact(Cursor.Accessor time, Cursor.Accessor nanos) {
        return (Cursor.Accessor) Proxy.newProxyInstance(Cursor.Accessor.class.getClassLoader(),
                new Class<?>[] {Cursor.Accessor.class}, (proxy, method, args) -> {
                    if (!TIME_GETTERS.contains(method.getName())) {
                        return call(time, method, args);
                    }
                    long ns = nanos.getLong(); // read first: the cursor's wasNull() is then the time's
                    boolean none = nanos.wasNull();
                    Object value = call(time, method, args);
                    return none ? value : withNanos(value, (int) Math.floorMod(ns, 1_000_000_000L));
                });
    }

    private static Object call(Cursor.Accessor accessor, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(accessor, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A time value with its fraction of a second replaced (the milliseconds are the same). */
    private static Object withNanos(Object value, int nanos) {
        if (value instanceof Timestamp t) {
            t.setNanos(nanos);
            return t;
        }
        if (value instanceof String s) { // yyyy-MM-dd HH:mm:ss[.fraction]
            int dot = s.indexOf('.');
            return (dot < 0 ? s : s.substring(0, dot)) + String.format(".%09d", nanos);
        }
        return value;
    }
}
