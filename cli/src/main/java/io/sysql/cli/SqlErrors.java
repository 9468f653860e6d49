package io.sysql.cli;

import java.sql.SQLException;
import java.util.regex.Pattern;

/** The message of a failed statement, without the echo of the statement that JDBC layers prepend. */
final class SqlErrors {
    private static final Pattern ECHO = Pattern.compile("^Error while (executing|preparing) (SQL )?statement? ?\".*?\": ",
            Pattern.DOTALL);
    private static final Pattern ECHO_SQL = Pattern.compile("^Error while executing SQL \".*?\": ", Pattern.DOTALL);

    private SqlErrors() {
    }

    static String describe(SQLException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.toString();
        }
        m = ECHO_SQL.matcher(m).replaceFirst("");
        return ECHO.matcher(m).replaceFirst("");
    }
}
