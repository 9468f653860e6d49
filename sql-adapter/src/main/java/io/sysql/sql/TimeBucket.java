package io.sysql.sql;

import com.google.common.collect.ImmutableMultimap;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.ReflectiveCallNotNullImplementor;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Function;

/**
 * {@code time_bucket(INTERVAL '1' SECOND, t)}: the start of the interval-long bucket {@code t} falls in,
 * buckets counted from the epoch, so that events can be grouped per second, minute... without arithmetic.
 * {@code t} is a TIMESTAMP ({@code event_time}; the bucket is a TIMESTAMP) or a BIGINT of nanoseconds
 * since the epoch (a {@code *_ts} column; the bucket is one too). Calcite keeps a day-time INTERVAL as
 * milliseconds and a TIMESTAMP as milliseconds of the wall clock, so buckets are whole milliseconds at the
 * least and, for a TIMESTAMP, cut on the wall clock (whole seconds, minutes and hours are the same there).
 */
public final class TimeBucket implements ScalarFunction, ImplementableFunction {
    public static final String NAME = "TIME_BUCKET";

    private final SqlTypeName timeType;
    private final Method method;

    private TimeBucket(SqlTypeName timeType, String methodName) {
        this.timeType = timeType;
        try {
            this.method = TimeBucket.class.getMethod(methodName, long.class, long.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts the function, for both kinds of time, into a schema's functions. */
    static void register(ImmutableMultimap.Builder<String, org.apache.calcite.schema.Function> functions) {
        functions.put(NAME, new TimeBucket(SqlTypeName.TIMESTAMP, "ofTimestamp"));
        functions.put(NAME, new TimeBucket(SqlTypeName.BIGINT, "ofNanos"));
    }

    public static long ofTimestamp(long widthMillis, long timestampMillis) {
        return Math.floorDiv(timestampMillis, positive(widthMillis)) * widthMillis;
    }

    public static long ofNanos(long widthMillis, long epochNanos) {
        long width = Math.multiplyExact(positive(widthMillis), 1_000_000L);
        return Math.floorDiv(epochNanos, width) * width;
    }

    private static long positive(long widthMillis) {
        if (widthMillis <= 0) {
            throw new SysqlQueryException(NAME.toLowerCase() + "(width, t): the width must be at least a millisecond, e.g."
                    + " INTERVAL '1' SECOND");
        }
        return widthMillis;
    }

    @Override
    public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
        return typeFactory.createTypeWithNullability(typeFactory.createSqlType(timeType), true);
    }

    @Override
    public List<FunctionParameter> getParameters() {
        return List.of(Parameters.required(0, "width", f -> f.createSqlIntervalType(
                        new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO))),
                Parameters.required(1, "t", f -> f.createSqlType(timeType)));
    }

    @Override
    public CallImplementor getImplementor() {
        return RexImpTable.createImplementor(new ReflectiveCallNotNullImplementor(method), NullPolicy.STRICT, false);
    }
}
