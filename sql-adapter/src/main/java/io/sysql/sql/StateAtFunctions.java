package io.sysql.sql;

import io.sysql.storage.schema.TableDef;
import io.sysql.storage.schema.Tables;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.TableFunctionImpl;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-row time travel: {@code fds_at(num)}, {@code processes_at(num)}, {@code threads_at(num)},
 * {@code connections_at(num)}, {@code ancestors_at(num)}, {@code containers_at(num)} are the state tables
 * right after event {@code num}, usable as {@code LATERAL TABLE(fds_at(e.num))}. The planner also turns
 * {@code JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num)} into them.
 */
public enum StateAtFunctions {
    PROCESSES(Tables.PROCESSES, "processesAt"),
    THREADS(Tables.THREADS, "threadsAt"),
    FDS(Tables.FDS, "fdsAt"),
    CONNECTIONS(Tables.CONNECTIONS, "connectionsAt"),
    ANCESTORS(Tables.ANCESTORS, "ancestorsAt"),
    CONTAINERS(Tables.CONTAINERS, "containersAt");

    private final TableDef<?> table;
    private final TableFunction function;
    private final TableFunction ofProcess;

    StateAtFunctions(TableDef<?> table, String method) {
        this.table = table;
        this.function = TableFunctionImpl.create(StateAtFunctions.class, method);
        this.ofProcess = TableFunctionImpl.create(StateAtFunctions.class, method + "OfProcess");
    }

    /**
     * {@code fds_at(num, pid)}: the same, for one process — reads only that process's history; null for a
     * table whose rows belong to no process ({@code containers}).
     */
    TableFunction ofProcess() {
        return ofProcess;
    }

    public String sqlName() {
        return table.name() + "_at";
    }

    TableFunction function() {
        return function;
    }

    TableDef<?> table() {
        return table;
    }

    /** The state function that {@code function} is (either form), or null. */
    static StateAtFunctions of(TableFunction function) {
        for (StateAtFunctions f : values()) {
            if (f.function == function || f.ofProcess == function) {
                return f;
            }
        }
        return null;
    }

    static StateAtFunctions of(TableDef<?> table) {
        for (StateAtFunctions f : values()) {
            if (f.table == table) {
                return f;
            }
        }
        throw new IllegalArgumentException(table.name() + " is not a state table");
    }

    // The methods Calcite's generated code calls; num is null while the query is validated.

    public static ScannableTable processesAt(Long num) {
        return new AtEvent(Tables.PROCESSES, num, null);
    }

    public static ScannableTable processesAtOfProcess(Long num, Integer pid) {
        return ofProcess(Tables.PROCESSES, num, pid);
    }

    public static ScannableTable threadsAtOfProcess(Long num, Integer pid) {
        return ofProcess(Tables.THREADS, num, pid);
    }

    public static ScannableTable fdsAtOfProcess(Long num, Integer pid) {
        return ofProcess(Tables.FDS, num, pid);
    }

    public static ScannableTable connectionsAtOfProcess(Long num, Integer pid) {
        return ofProcess(Tables.CONNECTIONS, num, pid);
    }

    public static ScannableTable ancestorsAtOfProcess(Long num, Integer pid) {
        return ofProcess(Tables.ANCESTORS, num, pid);
    }

    public static ScannableTable threadsAt(Long num) {
        return new AtEvent(Tables.THREADS, num, null);
    }

    public static ScannableTable fdsAt(Long num) {
        return new AtEvent(Tables.FDS, num, null);
    }

    public static ScannableTable connectionsAt(Long num) {
        return new AtEvent(Tables.CONNECTIONS, num, null);
    }

    public static ScannableTable ancestorsAt(Long num) {
        return new AtEvent(Tables.ANCESTORS, num, null);
    }

    public static ScannableTable containersAt(Long num) {
        return new AtEvent(Tables.CONTAINERS, num, null);
    }

    /** A null pid names no process: no rows, as for a null event. */
    private static ScannableTable ofProcess(TableDef<?> table, Long num, Integer pid) {
        return new AtEvent(table, pid == null ? null : num, pid);
    }

    /** A state table at one event, of one process or all; a null event (an outer row without one) has no rows. */
    private static final class AtEvent extends AbstractTable implements ScannableTable {
        private final TableDef<?> table;
        private final Long num;
        private final Integer pid;

        AtEvent(TableDef<?> table, Long num, Integer pid) {
            this.table = table;
            this.num = num;
            this.pid = pid;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return RowTypes.of(table, typeFactory);
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            if (num == null) {
                return Linq4j.emptyEnumerable();
            }
            SysqlSchema schema = SysqlSchema.of(root);
            long end = schema.endOf(root);
            if (num < 0 || num > end) {
                throw new SysqlQueryException(of(table).sqlName() + "(" + num + "): the capture has events 1 to " + end);
            }
            if (pid != null) {
                return schema.stateTable(table).scanAt(root, num, pid);
            }
            List<RexNode> noFilters = new ArrayList<>();
            return schema.stateTable(table).scanAt(root, num, noFilters, null);
        }
    }
}
