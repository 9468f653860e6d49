package io.sysql.cli;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables, columns and functions of the shell's connection, as its database metadata reports them
 * with their meanings: what {@code \d} lists and what completion offers. The capture's own schema
 * comes first; Calcite's {@code metadata} schema is only listed after it.
 */
final class ShellCatalog {
    record Column(String name, String type, String meaning) {
    }

    record Table(String schema, String name, String meaning, List<Column> columns) {
    }

    /** The capture's tables by lower-case name, sorted. */
    private final Map<String, Table> tables = new TreeMap<>();
    /** Tables of other schemas (Calcite's metadata), by schema-qualified name. */
    private final Map<String, Table> others = new TreeMap<>();
    private final Set<String> functions = new TreeSet<>();

    ShellCatalog(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String own = c.getSchema();
        Map<String, Table> all = new LinkedHashMap<>();
        try (ResultSet rs = md.getTables(null, null, "%", null)) {
            while (rs.next()) {
                Table t = new Table(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"),
                        orEmpty(rs.getString("REMARKS")), new ArrayList<>());
                all.put(t.schema() + "." + t.name(), t);
            }
        }
        try (ResultSet rs = md.getColumns(null, null, "%", "%")) {
            while (rs.next()) {
                Table t = all.get(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"));
                if (t != null) {
                    t.columns().add(new Column(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"),
                            orEmpty(rs.getString("REMARKS"))));
                }
            }
        }
        for (Table t : all.values()) {
            if (t.schema().equalsIgnoreCase(own)) {
                tables.put(t.name().toLowerCase(Locale.ROOT), t);
            } else {
                others.put(t.schema() + "." + t.name(), t);
            }
        }
        try (ResultSet rs = md.getFunctions(null, own, "%")) {
            while (rs.next()) {
                functions.add(rs.getString("FUNCTION_NAME"));
            }
        }
    }

    /** The capture's tables, sorted by name. */
    List<Table> tables() {
        return new ArrayList<>(tables.values());
    }

    /** Tables outside the capture's schema (Calcite's metadata), by qualified name. */
    List<Table> otherTables() {
        return new ArrayList<>(others.values());
    }

    /** The capture's functions, by name (each once, whatever its overloads). */
    List<String> functions() {
        return new ArrayList<>(functions);
    }

    /**
     * A table by the name a statement uses: a table of the capture, one qualified by its schema, or a
     * table function ({@code fds_at}) whose rows are those of its table. Null when there is none.
     */
    Table table(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        if (dot >= 0) {
            for (Table t : others.values()) {
                if ((t.schema() + "." + t.name()).equalsIgnoreCase(name)) {
                    return t;
                }
            }
            n = n.substring(dot + 1);
        }
        Table t = tables.get(n);
        if (t == null && n.endsWith("_at")) {
            t = tables.get(n.substring(0, n.length() - 3));
        }
        return t;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
