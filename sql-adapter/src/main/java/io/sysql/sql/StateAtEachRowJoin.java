package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import java.util.List;

/**
 * What {@link EnumerableStateAtEachRow} runs: for each input row, the state rows at its event number
 * (of its process), each appended to a copy of the input row. One list lookup in the history index per
 * input row; no per-row table, scan or enumerable.
 */
public final class StateAtEachRowJoin<R> implements Enumerator<Object[]> {
    private final SysqlSchema schema;
    private final StateTable table;
    private final TableDef<R> def;
    private final Enumerator<Object[]> input;
    private final int num;
    private final int pid;
    private final boolean left;
    private final RowMaker<R> maker;
    private final int width;
    private final Interruption interruption;
    private final long end;
    private Object[] row;
    private List<R> states = List.of();
    private int next;
    private Object[] current;

    private StateAtEachRowJoin(DataContext root, StateTable table, TableDef<R> def, Enumerator<Object[]> input,
            int num, int pid, boolean left, int[] columns) {
        this.schema = SysqlSchema.of(root);
        this.table = table;
        this.def = def;
        this.input = input;
        this.num = num;
        this.pid = pid;
        this.left = left;
        this.maker = new RowMaker<>(def, columns, SqlTime.of(root));
        this.width = columns.length;
        this.interruption = new Interruption(root);
        this.end = schema.endOf(root);
    }

    /** Called by the generated code of {@link EnumerableStateAtEachRow}. */
    public static Enumerable<Object[]> join(DataContext root, Enumerable<Object[]> input, String table,
            int num, int pid, boolean left, int[] columns) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                StateTable state = SysqlSchema.of(root).stateTable(table);
                return new StateAtEachRowJoin<>(root, state, state.def(), input.enumerator(), num, pid, left, columns);
            }
        };
    }

    @Override
    public Object[] current() {
        return current;
    }

    @Override
    public boolean moveNext() {
        while (next >= states.size()) {
            if (!input.moveNext()) {
                return false;
            }
            interruption.check();
            row = input.current();
            states = statesOf(row);
            next = 0;
            if (states.isEmpty() && left) {
                current = joined(null);
                return true;
            }
        }
        current = joined(states.get(next++));
        return true;
    }

    /** As the per-row functions do: no rows for a null event number or pid, an error outside the capture. */
    private List<R> statesOf(Object[] row) {
        if (!(row[num] instanceof Number n) || pid >= 0 && !(row[pid] instanceof Number)) {
            return List.of();
        }
        long at = n.longValue();
        if (at < 0 || at > end) {
            throw new SysqlQueryException(StateAtFunction.sqlName(def) + "(" + at + "): the capture has events 1 to "
                    + end);
        }
        return table.rowsOf(schema, def, at, pid < 0 ? null : ((Number) row[pid]).longValue());
    }

    private Object[] joined(R state) {
        Object[] out = new Object[row.length + width];
        System.arraycopy(row, 0, out, 0, row.length);
        if (state != null) {
            maker.fill(state, out, row.length);
        }
        return out;
    }

    @Override
    public void reset() {
        input.reset();
        states = List.of();
        next = 0;
    }

    @Override
    public void close() {
        input.close();
    }
}
