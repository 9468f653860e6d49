package io.sysql.sql;

import com.google.common.collect.Multimap;
import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tables and functions of a {@link Fleet} as one Calcite schema named {@value SysqlSchema#NAME}: every
 * table of a capture as a {@link FleetTable} (with {@code host} and {@code capture} columns), the scalar
 * functions of a capture, and the per-row state functions across captures ({@link FleetStateAtFunction}).
 * Views and functions added to it through Calcite's {@code SchemaPlus} see these tables as a capture's.
 */
public final class FleetSchema extends AbstractSchema {
    /** What the columns every fleet table adds hold, for metadata (the shell's {@code \d}, JDBC's REMARKS). */
    public static final Map<String, String> ADDED_COLUMNS = Map.of(
            FleetTable.HOST, "host name recorded with the capture (its directory's name when it has none)",
            FleetTable.CAPTURE, "the capture's directory name (its path when two have the same name)");

    private final Fleet fleet;
    private final Map<String, Table> tables = new LinkedHashMap<>();

    public FleetSchema(Fleet fleet) {
        this.fleet = fleet;
        for (TableDef<?> def : Tables.ALL) {
            tables.put(def.name(), FleetTable.of(def));
        }
    }

    public Fleet fleet() {
        return fleet;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }

    @Override
    protected Multimap<String, Function> getFunctionMultimap() {
        return SysqlSchema.functions(FleetStateAtFunction::of);
    }

    FleetTable table(String name) {
        return (FleetTable) tables.get(name);
    }

    /** The fleet schema a query runs against, found from the query's context. */
    static FleetSchema of(DataContext root) {
        SchemaPlus rootSchema = root.getRootSchema();
        SchemaPlus mine = rootSchema == null ? null : rootSchema.subSchemas().get(SysqlSchema.NAME);
        FleetSchema schema = mine == null ? null : mine.unwrap(FleetSchema.class);
        if (schema == null) {
            throw new IllegalStateException("no fleet schema in this connection");
        }
        return schema;
    }
}
