package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
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
 * Per-row time travel: for every state table, {@code <table>_at(num)} ({@code fds_at}, {@code processes_at},
 * ..., {@code containers_at}) is that table right after event {@code num}, usable as
 * {@code LATERAL TABLE(fds_at(e.num))}; for a table with a {@code pid} column, {@code <table>_at(num, pid)}
 * is the same for one process. The planner also turns {@code JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num)}
 * into them, and {@link StateAtEachRowRules} plan both forms to one {@link StateAtEachRow}.
 *
 * <p>One class serves every table: the generated code passes the table's name, so a new state table
 * needs nothing here.
 */
public final class StateAtFunction implements ImplementableFunction, DeclaredRowsFunction {
    private static final Method AT = method(StateAtFunction.class, "at", DataContext.class, String.class, Object.class);
    private static final Method AT_OF_PROCESS = method(StateAtFunction.class, "atOfProcess", DataContext.class,
            String.class, Object.class, Object.class);

    private final TableDef<?> table;
    private final boolean ofProcess;

    private StateAtFunction(TableDef<?> table, boolean ofProcess) {
        this.table = table;
        this.ofProcess = ofProcess;
    }

    /** The forms a state table has: all processes, and one process when its rows have a pid. */
    static List<StateAtFunction> of(TableDef<?> table) {
        List<StateAtFunction> forms = new ArrayList<>();
        forms.add(new StateAtFunction(table, false));
        if (table.indexOf("pid") >= 0) {
            forms.add(new StateAtFunction(table, true));
        }
        return forms;
    }

    static String sqlName(TableDef<?> table) {
        return table.name() + "_at";
    }

    String sqlName() {
        return sqlName(table);
    }

    @Override
    public TableDef<?> table() {
        return table;
    }

    @Override
    public List<FunctionParameter> getParameters() {
        List<FunctionParameter> params = new ArrayList<>();
        params.add(Parameters.nullable(0, "num", SqlTypeName.BIGINT));
        if (ofProcess) {
            params.add(Parameters.nullable(1, "pid", SqlTypeName.INTEGER));
        }
        return params;
    }

    @Override
    public CallImplementor getImplementor() {
        return implementor(table, ofProcess ? AT_OF_PROCESS : AT);
    }

    /** Code that calls {@code method} with the query's context, the table's name and the arguments as objects. */
    static CallImplementor implementor(TableDef<?> table, Method method) {
        return RexImpTable.createImplementor((translator, call, operands) -> GeneratedCalls.of(method,
                List.of(Expressions.constant(table.name())), operands), NullPolicy.NONE, false);
    }

    static Method method(Class<?> owner, String name, Class<?>... parameters) {
        try {
            return owner.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    // The methods the generated code calls; a null event number (an outer row without one) or pid has no rows.

    public static Enumerable<Object[]> at(DataContext root, String table, Object num) {
        return scan(root, table, number(num), null);
    }

    public static Enumerable<Object[]> atOfProcess(DataContext root, String table, Object num, Object pid) {
        Long p = number(pid);
        return p == null ? Linq4j.emptyEnumerable() : scan(root, table, number(num), p);
    }

    private static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    /** The state table {@code table} of the query's capture right after {@code num} (of process {@code pid}). */
    static Enumerable<Object[]> scan(DataContext root, String table, Long num, Long pid) {
        if (num == null) {
            return Linq4j.emptyEnumerable();
        }
        SysqlSchema schema = SysqlSchema.of(root);
        StateTable state = schema.stateTable(table);
        long end = schema.endOf(root);
        if (num < 0 || num > end) {
            throw new SysqlQueryException(sqlName(state.def()) + "(" + num + "): the capture has events 1 to " + end);
        }
        if (pid != null) {
            return state.scanAt(root, num, pid);
        }
        return state.scanAt(root, num, new ArrayList<>(), null);
    }
}
