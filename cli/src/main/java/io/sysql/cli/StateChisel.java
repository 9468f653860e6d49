package io.sysql.cli;

import java.util.List;
import java.util.function.Function;

/**
 * A chisel that shows the state tables at one point (ps, lsof, netstat): its columns over the tables AS OF
 * {@code --at}, with {@code --where} choosing rows.
 */
abstract class StateChisel extends ChiselCommand {
    /** A column of the chisel: its header in a table, its name (csv, json, --where of an outer query) and value. */
    record Column(String header, String name, String value) {
        static Column of(String header, String name) {
            return new Column(header, name, name);
        }
    }

    private final List<Column> columns;
    private final Function<String, String> from;
    private final String orderBy;

    /**
     * A chisel of {@code columns}, over the FROM clause {@code from} gives for a point ({@code " AS OF n"},
     * or empty for "now"; {@code --where} applies to that clause's columns), in {@code orderBy}'s order.
     */
    StateChisel(List<Column> columns, Function<String, String> from, String orderBy) {
        this.columns = columns;
        this.from = from;
        this.orderBy = orderBy;
    }

    /** The statement: the chisel's columns over its tables at a point, with the user's condition if any. */
    final String sql(String asOf, String where) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (Column c : columns) {
            select.append(select.length() > 7 ? ", " : "").append(c.value());
            if (!c.value().equals(c.name())) {
                select.append(" AS ").append(c.name());
            }
        }
        return select + "\nFROM " + from.apply(asOf) + (where == null ? "" : "\nWHERE " + where) + "\nORDER BY " + orderBy;
    }

    @Override
    final String statement() {
        String asOf = at == null ? "" : " AS OF " + When.asOfClause(at);
        return sql(asOf, where == null || where.isBlank() ? null : ChiselCondition.of("--where", where));
    }

    @Override
    final List<String> headers() {
        return columns.stream().map(Column::header).toList();
    }
}
