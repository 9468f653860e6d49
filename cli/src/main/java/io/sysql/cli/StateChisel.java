package io.sysql.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /**
     * What the FROM clause of a chisel depends on: the point ({@code " AS OF n"}, or empty for "now") and
     * whether it reads several captures, where a process is known by its capture and upid.
     */
    record Scope(String asOf, boolean severalCaptures) {
        /** The join condition of two tables' rows of one process. */
        String sameProcess(String a, String b) {
            return a + ".upid = " + b + ".upid" + (severalCaptures ? " AND " + a + ".capture = " + b + ".capture" : "");
        }
    }

    /**
     * What each row over several captures starts with: its host, and its capture's name, which tells apart
     * the rows of two captures of one host (two recordings on one machine). Both always, so that the columns
     * depend on the command line only, not on which hosts the captures turn out to have.
     */
    private static final List<Column> ORIGIN = List.of(Column.of("HOST", "host"), Column.of("CAPTURE", "capture"));

    private final List<Column> columns;
    private final Function<Scope, String> from;
    private final String orderBy;

    /**
     * A chisel of {@code columns}, over the FROM clause {@code from} gives for a scope ({@code --where}
     * applies to that clause's columns), in {@code orderBy}'s order; over several captures, each row has its
     * host and capture first, and the rows are in their order.
     */
    StateChisel(List<Column> columns, Function<Scope, String> from, String orderBy) {
        this.columns = columns;
        this.from = from;
        this.orderBy = orderBy;
    }

    /** The statement: the chisel's columns over its tables at a point, with the user's condition if any. */
    final String sql(String asOf, String where) {
        return sql(new Scope(asOf, false), where);
    }

    /** The statement in {@code scope}, with the user's condition if any. */
    final String sql(Scope scope, String where) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (Column c : columnsOf(scope)) {
            select.append(select.length() > 7 ? ", " : "").append(c.value());
            if (!c.value().equals(c.name())) {
                select.append(" AS ").append(c.name());
            }
        }
        return select + "\nFROM " + from.apply(scope) + (where == null ? "" : "\nWHERE " + where) + "\nORDER BY "
                + (scope.severalCaptures() ? ORIGIN.stream().map(c -> c.name() + ", ").collect(Collectors.joining()) : "") + orderBy;
    }

    private List<Column> columnsOf(Scope scope) {
        if (!scope.severalCaptures()) {
            return columns;
        }
        List<Column> withOrigin = new ArrayList<>(ORIGIN);
        withOrigin.addAll(columns);
        return withOrigin;
    }

    @Override
    final String statement() {
        String asOf = at == null ? "" : " AS OF " + When.asOfClause(at);
        return sql(new Scope(asOf, severalCaptures()), where == null || where.isBlank() ? null
                : ChiselCondition.of("--where", where));
    }

    @Override
    final List<String> headers() {
        return columnsOf(new Scope("", severalCaptures())).stream().map(Column::header).toList();
    }
}
