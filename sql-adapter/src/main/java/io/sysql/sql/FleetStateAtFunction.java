package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.sql.type.SqlTypeName;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-row time travel over a fleet, the {@link StateAtFunction}s with the capture named:
 * {@code <table>_at(capture, num)} is that table of one capture right after its event {@code num},
 * {@code <table>_at(capture, num, pid)} the same for one process, and {@code <table>_at(num)} the table of
 * every capture, each right after its own event {@code num}. The planner turns
 * {@code JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num)} into the first form with {@code e.capture} when the
 * row {@code e} has that column, and {@code AS OF (SELECT ...)} into the last.
 */
public final class FleetStateAtFunction implements ImplementableFunction, DeclaredRowsFunction {
    private static final Method EACH = StateAtFunction.method(FleetStateAtFunction.class, "atEach",
            DataContext.class, String.class, Object.class);
    private static final Method OF_CAPTURE = StateAtFunction.method(FleetStateAtFunction.class, "atCapture",
            DataContext.class, String.class, Object.class, Object.class);
    private static final Method OF_PROCESS = StateAtFunction.method(FleetStateAtFunction.class, "atCaptureOfProcess",
            DataContext.class, String.class, Object.class, Object.class, Object.class);

    private final TableDef<?> table;
    private final Method method;

    private FleetStateAtFunction(TableDef<?> table, Method method) {
        this.table = table;
        this.method = method;
    }

    @Override
    public TableDef<?> table() {
        return table;
    }

    /** The forms of a state table: every capture, one capture, and one process of one capture. */
    static List<FleetStateAtFunction> of(TableDef<?> table) {
        List<FleetStateAtFunction> forms = new ArrayList<>(List.of(new FleetStateAtFunction(table, EACH),
                new FleetStateAtFunction(table, OF_CAPTURE)));
        if (table.indexOf("pid") >= 0) {
            forms.add(new FleetStateAtFunction(table, OF_PROCESS));
        }
        return forms;
    }

    /** The form that reads one capture. */
    static FleetStateAtFunction ofCapture(TableDef<?> table) {
        return new FleetStateAtFunction(table, OF_CAPTURE);
    }

    /** The form that reads every capture. */
    static FleetStateAtFunction ofEach(TableDef<?> table) {
        return new FleetStateAtFunction(table, EACH);
    }

    @Override
    public List<FunctionParameter> getParameters() {
        List<FunctionParameter> params = new ArrayList<>();
        if (method != EACH) {
            params.add(Parameters.nullable(params.size(), FleetTable.CAPTURE, SqlTypeName.VARCHAR));
        }
        params.add(Parameters.nullable(params.size(), "num", SqlTypeName.BIGINT));
        if (method == OF_PROCESS) {
            params.add(Parameters.nullable(params.size(), "pid", SqlTypeName.INTEGER));
        }
        return params;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory, List<? extends Object> arguments) {
        return FleetTable.of(table).getRowType(typeFactory);
    }

    @Override
    public CallImplementor getImplementor() {
        return StateAtFunction.implementor(table, method);
    }

    // The methods the generated code calls; a null capture, event number or pid has no rows.

    public static Enumerable<Object[]> atEach(DataContext root, String table, Object num) {
        return scan(root, table, FleetSchema.of(root).fleet().members(), num, null);
    }

    public static Enumerable<Object[]> atCapture(DataContext root, String table, Object capture, Object num) {
        return capture == null ? Linq4j.emptyEnumerable() : scan(root, table, List.of(member(root, capture)), num, null);
    }

    public static Enumerable<Object[]> atCaptureOfProcess(DataContext root, String table, Object capture, Object num,
            Object pid) {
        return capture == null || pid == null ? Linq4j.emptyEnumerable()
                : scan(root, table, List.of(member(root, capture)), num, ((Number) pid).longValue());
    }

    private static FleetMember member(DataContext root, Object capture) {
        Fleet fleet = FleetSchema.of(root).fleet();
        FleetMember m = fleet.member(capture.toString());
        if (m == null) {
            throw new SysqlQueryException("no capture named " + capture + " (the captures: "
                    + Arrays.toString(fleet.members().stream().map(FleetMember::name).toArray()) + ")");
        }
        return m;
    }

    private static Enumerable<Object[]> scan(DataContext root, String table, List<FleetMember> members, Object num,
            Long pid) {
        if (num == null) {
            return Linq4j.emptyEnumerable();
        }
        long n = ((Number) num).longValue();
        return FleetSchema.of(root).table(table).rowsOf(root, members, List.of(), null,
                (member, context, f, p) -> StateAtFunction.scan(context, table, n, pid)).rows();
    }
}
