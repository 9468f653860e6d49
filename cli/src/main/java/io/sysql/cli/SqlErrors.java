package io.sysql.cli;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message of a failed statement as one line: without the echo of the statement that JDBC layers
 * prepend, and with the position it gives (line and column of the statement) kept apart for a marker.
 */
final class SqlErrors {
    private static final Pattern ECHO = Pattern.compile("^Error while (executing|preparing) (SQL )?statement? ?\".*?\": ",
            Pattern.DOTALL);
    private static final Pattern ECHO_SQL = Pattern.compile("^Error while executing SQL \".*?\": ", Pattern.DOTALL);
    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");
    private static final String NON_QUERY = "Non-query expression encountered in illegal context";

    /** A statement's error: its message on one line, and where it is (0 when the message says nowhere). */
    record Described(String message, int line, int column) {
    }

    private SqlErrors() {
    }

    /**
     * What failed while a statement computed its rows, said in the statement's terms: Java's arithmetic
     * and conversion exceptions escape Calcite's generated code as they are. Null for anything else.
     */
    static String evaluation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ArithmeticException) {
                return "/ by zero".equals(t.getMessage()) ? "division by zero" : "arithmetic error: " + t.getMessage();
            }
            if (t instanceof NumberFormatException) {
                return "cannot convert to a number: " + String.valueOf(t.getMessage()).replace("For input string: ", "");
            }
            if (t instanceof IllegalArgumentException && t.getMessage() != null
                    && t.getMessage().matches("(?s)(Invalid|Value) .*(value|out of range).*")) {
                return "cannot convert: " + t.getMessage();
            }
        }
        return null;
    }

    static String describe(SQLException e) {
        return of(e).message();
    }

    static Described of(SQLException e) {
        String failed = evaluation(e.getCause());
        if (failed != null) {
            return new Described(failed, 0, 0);
        }
        String m = e.getMessage();
        if (m == null) {
            return new Described(e.toString(), 0, 0);
        }
        m = ECHO_SQL.matcher(m).replaceFirst("");
        m = ECHO.matcher(m).replaceFirst("");
        m = m.replaceAll("\\s*\\R\\s*", " ").trim();
        if (m.equals(NON_QUERY)) { // Calcite's word for a statement whose first keyword is misspelt, without a position
            m = "not a query: a statement (or subquery) begins with SELECT, WITH, VALUES or EXPLAIN;"
                    + " is its first word misspelt?";
        }
        Matcher p = POSITION.matcher(m);
        return p.find() ? new Described(m, Integer.parseInt(p.group(1)), Integer.parseInt(p.group(2)))
                : new Described(m, 0, 0);
    }
}
