package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.TableKind;
import io.sysql.sql.schema.Tables;
import io.sysql.storage.history.Version;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.sql.type.SqlTypeName;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * "What was open or alive during a window": for every history table, {@code <table>_during(from, to)}
 * ({@code fds_during}, {@code processes_during}, {@code threads_during}, {@code connections_during}) is every
 * version of its rows that held at some moment of the half-open window {@code [from, to)}, with its
 * {@code valid_from}/{@code valid_to} columns, like Perfetto's SPAN_JOIN of a window with spans.
 *
 * <p>The bounds are points as AS OF takes them, both event numbers or both TIMESTAMPs: with event numbers the
 * rows {@code AS OF from}, {@code AS OF from + 1}, ... {@code AS OF to - 1} show; with times the rows of
 * {@code AS OF TIMESTAMP t} for every instant {@code from <= t < to}. So {@code fds_during(n, n + 1)} is
 * {@code fds AS OF n}, and a file opened and closed between two events of the window is there although no
 * single AS OF outside it shows it.
 */
public final class DuringFunction implements ImplementableFunction, DeclaredRowsFunction {
    private static final Method DURING = method();

    private final TableDef<?> history;

    DuringFunction(TableDef<?> history) {
        this.history = history;
    }

    @Override
    public TableDef<?> table() {
        return history;
    }

    /** {@code fds_history} → {@code fds_during}. */
    static String sqlName(TableDef<?> history) {
        return history.name().substring(0, history.name().length() - "history".length()) + "during";
    }

    /**
     * Typed ANY, so that one function takes event numbers and TIMESTAMPs (an overload per type would make a
     * {@code ?} ambiguous): a bound of a date-time type is a time, any other an event number; as with AS OF, a
     * {@code ?} is an event number and {@code CAST(? AS TIMESTAMP)} a time.
     */
    @Override
    public List<FunctionParameter> getParameters() {
        return List.of(Parameters.nullable(0, "from", SqlTypeName.ANY), Parameters.nullable(1, "to", SqlTypeName.ANY));
    }

    @Override
    public CallImplementor getImplementor() {
        return RexImpTable.createImplementor((translator, call, operands) -> GeneratedCalls.of(DURING,
                List.of(Expressions.constant(history.name()), Expressions.constant(call.getOperands().stream()
                        .anyMatch(o -> SqlTypeName.DATETIME_TYPES.contains(o.getType().getSqlTypeName())))),
                operands),
                NullPolicy.NONE, false);
    }

    private static Method method() {
        try {
            return DuringFunction.class.getMethod("during", DataContext.class, String.class, boolean.class,
                    Object.class, Object.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the generated code calls: the versions of {@code table} that held in the window. */
    public static Enumerable<Object[]> during(DataContext root, String table, boolean timestamps, Object from,
            Object to) {
        TableDef<?> history = Tables.ALL.stream().filter(t -> t.kind() == TableKind.HISTORY && t.name().equals(table))
                .findFirst().orElseThrow();
        String call = sqlName(history) + "(" + from + ", " + to + ")";
        if (from == null || to == null) {
            throw new SysqlQueryException(call + ": the window needs both ends");
        }
        if (!(from instanceof Number) || !(to instanceof Number)) {
            throw new SysqlQueryException(call + ": the window's ends are both event numbers or both TIMESTAMPs");
        }
        SysqlSchema schema = SysqlSchema.of(root);
        long end = schema.endOf(root);
        long first;
        long last;
        if (timestamps) {
            long fromNanos = AsOfPoint.epochNanos(from, root, sqlName(history));
            long toNanos = AsOfPoint.epochNanos(to, root, sqlName(history));
            if (toNanos < fromNanos) {
                throw new SysqlQueryException(call + ": the window ends before it starts");
            }
            first = Math.min(schema.capture().lastNumAtOrBefore(fromNanos), end);
            last = toNanos == fromNanos ? first - 1 : Math.min(schema.capture().lastNumAtOrBefore(toNanos - 1), end);
        } else {
            first = ((Number) from).longValue();
            long to1 = ((Number) to).longValue();
            if (first < 0 || to1 > end + 1) {
                throw new SysqlQueryException(call + ": a window of the capture's events is within 0 and "
                        + (end + 1) + " (its " + end + " events, the end excluded)"
                        + (to1 > AsOfPoint.LIKELY_MILLISECONDS ? "; for times as parameters write CAST(? AS TIMESTAMP)" : ""));
            }
            if (to1 < first) {
                throw new SysqlQueryException(call + ": the window ends before it starts");
            }
            last = to1 - 1;
        }
        return versions(history, schema, first, last, root);
    }

    /** The rows of the versions that held after some event of {@code [first, last]}. */
    private static <R> Enumerable<Object[]> versions(TableDef<R> history, SysqlSchema schema, long first, long last,
            DataContext root) {
        List<Object[]> out = new ArrayList<>();
        if (first <= last) {
            RowMaker<R> maker = new RowMaker<>(history, null, SqlTime.of(root));
            Interruption interruption = new Interruption(root);
            for (R r : history.rows(schema.capture())) {
                interruption.check();
                Version v = (Version) r;
                if (v.validFromNum <= last && v.validToNum() >= first) {
                    out.add(maker.row(r));
                }
            }
        }
        return Linq4j.asEnumerable(out);
    }
}
