package io.sysql.sql;

import io.sysql.sql.schema.Column;
import io.sysql.sql.schema.SqlType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.ViewTable;
import org.apache.calcite.util.TimestampString;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A question one of sysdig's chisels answers, as a named SQL definition over the capture's tables (declared in
 * {@link ChiselViews}): its name, the chisel it replaces, its columns with their meanings, and its statement.
 *
 * <p>A question about the state ({@link Scope#STATE}) is a view that AS OF moves like a state table
 * ({@code SELECT * FROM listening_ports AS OF 1200}). A question over events ({@link Scope#EVENTS}) reads
 * {@code $events} in its statement: the view over the whole capture reads {@code events} there, and the table
 * function of the same name, {@code top_files(from, to)}, the events of the half-open window {@code [from, to)}
 * (both event numbers, or both TIMESTAMPs). A question with a threshold ({@code slow_file_io(min_ms)}) has
 * only the table functions, with the threshold first. Calcite expands the statement in the query that uses it,
 * so filters and AS OF reach the tables beneath.
 */
record ChiselView(String name, String chisel, String meaning, Scope scope, List<String> thresholds,
        List<Column<Object[]>> columns, String sql) {

    /** What a question is asked over. */
    enum Scope {
        /** The state at a point: the end of the capture, or AS OF. */
        STATE,
        /** The events of the capture, or of a window of it. */
        EVENTS
    }

    /** The placeholder an events question reads its events from. */
    static final String EVENTS = "$events";

    /** The view over the whole capture (or the end state), or null for a question that needs a threshold. */
    TranslatableTable view() {
        if (!thresholds.isEmpty()) {
            return null;
        }
        String statement = sql.replace(EVENTS, "events");
        return scope == Scope.STATE ? new TemporalView(this, statement) : new View(this, statement);
    }

    /** The table functions: with the thresholds alone (over the whole capture), and with a window after them. */
    List<TableMacro> functions() {
        List<TableMacro> out = new ArrayList<>();
        if (scope == Scope.EVENTS) {
            if (!thresholds.isEmpty()) {
                out.add(new Macro(this, false));
            }
            out.add(new Macro(this, true));
        }
        return out;
    }

    RelDataType rowType(RelDataTypeFactory types) {
        return RowTypes.of(columns, types);
    }

    /** The statement with its thresholds and window, given as literals. */
    String statement(List<? extends Object> arguments, boolean windowed) {
        String call = name + "(" + arguments.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        String statement = sql;
        for (int i = 0; i < thresholds.size(); i++) {
            if (!(arguments.get(i) instanceof Number n)) {
                throw new SysqlQueryException(call + ": " + thresholds.get(i) + " is a number");
            }
            statement = statement.replace("$" + thresholds.get(i), String.valueOf(n.longValue()));
        }
        String events = "events";
        if (windowed) {
            Object from = arguments.get(thresholds.size());
            Object to = arguments.get(thresholds.size() + 1);
            events = "(SELECT * FROM events WHERE " + bound(call, from, ">=") + " AND " + bound(call, to, "<") + ")";
            if (isTime(from) != isTime(to)) {
                throw new SysqlQueryException(call + ": the window's ends are both event numbers or both TIMESTAMPs");
            }
        }
        return statement.replace(EVENTS, events);
    }

    /** A TIMESTAMP literal reaches a macro as its text. */
    private static boolean isTime(Object point) {
        return point instanceof String;
    }

    /** A window's end as a condition on events: its number, or its time. */
    private static String bound(String call, Object point, String op) {
        if (point instanceof Number n) {
            return "num " + op + " " + n.longValue();
        }
        if (point instanceof String text) {
            try {
                return "event_time " + op + " TIMESTAMP '" + new TimestampString(text) + "'";
            } catch (IllegalArgumentException notATime) {
                throw new SysqlQueryException(call + ": '" + text + "' is not a time (TIMESTAMP 'yyyy-mm-dd hh:mm:ss')");
            }
        }
        throw new SysqlQueryException(call + ": a window's ends are event numbers or TIMESTAMP literals");
    }

    /** A view over the capture. */
    private static class View extends ViewTable {
        View(ChiselView question, String statement) {
            super(Object[].class, question::rowType, statement, List.of(SysqlSchema.NAME), List.of(SysqlSchema.NAME,
                    question.name()));
        }
    }

    /** A view over state tables, which AS OF moves: {@link TimeTravelRules} carry the point to its tables. */
    private static final class TemporalView extends View implements MovesWithAsOf {
        TemporalView(ChiselView question, String statement) {
            super(question, statement);
        }
    }

    /**
     * {@code name([thresholds...,] [from, to])}: the view's statement with the arguments put in. Calcite hands a
     * macro the values of literal arguments only, and of a parameter typed as a Java class only: typed Object,
     * the window's ends may be numbers or TIMESTAMPs, told apart by their values.
     */
    private record Macro(ChiselView question, boolean windowed) implements TableMacro {
        @Override
        public TranslatableTable apply(List<? extends Object> arguments) {
            return new View(question, question.statement(arguments, windowed));
        }

        @Override
        public List<FunctionParameter> getParameters() {
            List<String> names = new ArrayList<>(question.thresholds());
            if (windowed) {
                names.addAll(List.of("from", "to"));
            }
            List<FunctionParameter> params = new ArrayList<>();
            for (String name : names) {
                params.add(Parameters.required(params.size(), name, f -> f.createJavaType(Object.class)));
            }
            return params;
        }
    }

    /** Declares a question's columns, each read from its position in a row of the view. */
    static final class Columns {
        private final List<Column<Object[]>> columns = new ArrayList<>();

        Columns add(String name, SqlType type, String meaning) {
            int i = columns.size();
            columns.add(new Column<>(name.toLowerCase(Locale.ROOT), type, meaning, row -> row[i]));
            return this;
        }

        List<Column<Object[]>> list() {
            return List.copyOf(columns);
        }
    }
}
