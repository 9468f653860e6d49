package io.sysql.sql;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;
import org.apache.calcite.jdbc.CalciteSchema;

import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The plans of a connection's recent queries, by their {@link GenericStatement} text: a query that differs
 * from an earlier one only in the literals it compares runs the earlier plan with its own values bound to
 * the plan's parameters, without Calcite parsing, validating, planning and generating code again (6-24 ms
 * of a query that runs in a few ms). Reusing a plan is what a prepared statement does; a cached plan is
 * one prepared for the generic text, run as a statement without parameters.
 *
 * <p>One cache per connection (its root schema): a plan holds its connection's tables. A generic text that
 * Calcite refuses while the literal text passes is remembered as such, and its statements are planned one
 * by one as before; a statement that fails either way fails with its own text's error.
 */
final class PlanCache {
    /** Plans kept per connection: each holds its planner's memo until evicted (tens of KB for a scan). */
    private static final int PLANS = 128;
    /** By the connection's root schema; a connection's plans hold its root schema, so they go when it closes. */
    private static final Map<CalciteSchema, PlanCache> BY_CONNECTION = new ConcurrentHashMap<>();
    /** A generic text Calcite could not plan while its literal text could. */
    private static final Object UNSHAREABLE = new Object();

    /** Generic plans ({@link CalciteSignature}s) and {@link #UNSHAREABLE}s by key. */
    private final Cache<String, Object> plans = CacheBuilder.newBuilder().maximumSize(PLANS).build();

    private PlanCache() {
    }

    /** The cache of the connection {@code context} prepares for. */
    static PlanCache of(CalcitePrepare.Context context) {
        return BY_CONNECTION.computeIfAbsent(context.getMutableRootSchema(), root -> new PlanCache());
    }

    /** Drops the plans of the connection whose root schema is {@code root}: it is closing. */
    static void forget(CalciteSchema root) {
        BY_CONNECTION.remove(root);
    }

    /**
     * The signature of the query {@code sql}, whose generic form is {@code statement}: the cached plan of the
     * generic text with the statement's values bound, else one {@code generic} prepares (and the cache keeps),
     * else, when the generic text cannot be planned, the one {@code literal} prepares for the text itself.
     */
    @SuppressWarnings("unchecked")
    <T> CalciteSignature<T> signature(String sql, GenericStatement statement, CalcitePrepare.Context context,
            Type elementType, long maxRowCount, Supplier<CalciteSignature<T>> generic,
            Supplier<CalciteSignature<T>> literal) {
        String key = String.join(".", context.getDefaultSchemaPath()) + '\n' + elementType.getTypeName() + '\n'
                + maxRowCount + '\n' + statement.text();
        Object plan = plans.getIfPresent(key);
        if (plan == UNSHAREABLE) {
            return literal.get();
        }
        if (plan == null) {
            try {
                plan = generic.get();
            } catch (RuntimeException e) {
                if (statement.values().isEmpty()) {
                    throw e; // the generic text is the statement's own: its error is the statement's
                }
                CalciteSignature<T> own = literal.get(); // a statement that fails fails with its own error
                plans.put(key, UNSHAREABLE);
                return own;
            }
            plans.put(key, plan);
        }
        return bind((CalciteSignature<T>) plan, sql, statement.values());
    }

    /** The generic plan as the statement {@code sql}: no parameters of its own, the lifted values bound. */
    private static <T> CalciteSignature<T> bind(CalciteSignature<T> generic, String sql, List<Object> values) {
        Map<String, Object> internal = new HashMap<>(generic.internalParameters);
        for (int i = 0; i < values.size(); i++) {
            internal.put("?" + i, values.get(i)); // where Calcite puts a statement's parameter values
        }
        return new CalciteSignature<>(sql, List.of(), internal, generic.rowType, generic.columns,
                generic.cursorFactory, generic.rootSchema, generic.getCollationList(), -1, generic::enumerable,
                generic.statementType); // the row limit is the generic plan's already
    }
}
