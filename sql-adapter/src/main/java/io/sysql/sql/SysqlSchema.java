package io.sysql.sql;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.sysql.storage.Capture;
import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.TableKind;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tables and functions of one capture, as a Calcite schema named {@value #NAME}.
 *
 * <p>"The end of the capture" is fixed once per query execution: the first scan of an execution catches
 * the capture up with its journal ({@link Capture#refresh()}) and every other scan of that execution uses
 * the same last event, so a query over a capture still being recorded sees one consistent point.
 */
public final class SysqlSchema extends AbstractSchema {
    public static final String NAME = "sysql";

    private final Capture capture;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<DataContext, Long> endOfExecution = Collections.synchronizedMap(new WeakHashMap<>());
    private final AtomicLong eventsRead = new AtomicLong();
    private final AtomicLong eventBodiesDecoded = new AtomicLong();

    public SysqlSchema(Capture capture) {
        this.capture = capture;
        for (TableDef<?> def : Tables.ALL) {
            tables.put(def.name(), tableOf(def));
        }
        for (ChiselView question : ChiselViews.ALL) {
            Table view = question.view();
            if (view != null) {
                tables.put(question.name(), view);
            }
        }
    }

    private static Table tableOf(TableDef<?> def) {
        return switch (def.kind()) {
            case STATE -> new StateTable(def);
            case EVENTS -> new EventsTable();
            case HISTORY, CATALOG -> new RowsTable<>(def);
        };
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }

    @Override
    protected Multimap<String, Function> getFunctionMultimap() {
        ImmutableMultimap.Builder<String, Function> b = ImmutableMultimap.builder();
        b.putAll(functions(StateAtFunction::of));
        for (TableDef<?> def : Tables.ALL) {
            if (def.kind() == TableKind.HISTORY) {
                b.put(DuringFunction.sqlName(def), new DuringFunction(def));
            }
        }
        for (ChiselView question : ChiselViews.ALL) {
            question.functions().forEach(f -> b.put(question.name(), f));
        }
        return b.build();
    }

    /**
     * The functions of a sysql schema, of one capture or of a fleet: the scalar functions, and for each
     * state table the per-row ones {@code stateFunctions} gives (named {@code <table>_at}).
     */
    static Multimap<String, Function> functions(
            java.util.function.Function<TableDef<?>, List<? extends Function>> stateFunctions) {
        ImmutableMultimap.Builder<String, Function> b = ImmutableMultimap.builder();
        b.put(Evt.NAME, ScalarFunctionImpl.create(Evt.class, "evt"));
        b.put(AsOfSubquery.NAME, ScalarFunctionImpl.create(AsOfSubquery.class, "check"));
        TimeBucket.register(b);
        for (TableDef<?> def : Tables.ALL) {
            if (def.kind() == TableKind.STATE) {
                stateFunctions.apply(def).forEach(f -> b.put(StateAtFunction.sqlName(def), f));
            }
        }
        return b.build();
    }

    public Capture capture() {
        return capture;
    }

    /** Events whose head was read by scans of the {@code events} table since this schema was made. */
    public long eventsRead() {
        return eventsRead.get();
    }

    /** Events whose body was decoded (the head alone answers filters on num, ts, pid, tid, type). */
    public long eventBodiesDecoded() {
        return eventBodiesDecoded.get();
    }

    AtomicLong eventsReadCounter() {
        return eventsRead;
    }

    AtomicLong eventBodiesCounter() {
        return eventBodiesDecoded;
    }

    StateTable stateTable(String name) {
        return (StateTable) tables.get(name);
    }

    /** The last event of the capture as this execution sees it (see the class comment). */
    long endOf(DataContext root) {
        if (root == null) {
            return capture.refresh();
        }
        return endOfExecution.computeIfAbsent(root, r -> capture.refresh());
    }

    /** The schema of the capture a query runs against, found from the query's context. */
    static SysqlSchema of(DataContext root) {
        SchemaPlus rootSchema = root.getRootSchema();
        SchemaPlus mine = rootSchema == null ? null : rootSchema.subSchemas().get(NAME);
        SysqlSchema schema = mine == null ? null : mine.unwrap(SysqlSchema.class);
        if (schema == null) {
            throw new IllegalStateException("no " + NAME + " schema in this connection");
        }
        return schema;
    }
}
