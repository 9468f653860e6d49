package io.sysql.cli;

import io.sysql.jdbc.SysqlDriver;
import io.sysql.sql.Fleet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Opens the embedded JDBC connection the commands share: {@code jdbc:sysql:DIR}, or
 * {@code jdbc:sysql:DIR1,DIR2...} for several captures queried as one.
 */
final class Connections {
    private Connections() {
    }

    static Connection open(Path capture, Properties props) {
        return open(List.of(capture), props);
    }

    static Connection open(List<Path> captures, Properties props) {
        for (Path p : captures) {
            if (p.toString().contains(",")) { // the URL separates directories with commas
                throw new UserError("a capture directory's name may not contain a comma: " + p);
            }
        }
        String dirs = captures.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(","));
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sysql:" + dirs, props);
        } catch (SQLException e) {
            throw new UserError(e.getMessage());
        }
        warnIfDamaged(c);
        return c;
    }

    /**
     * Every command that queries a damaged capture says so on stderr, each time: its answers cover the
     * events before the damage only. Of several captures, each is opened by the first query that reads it,
     * and said to be damaged then, naming it.
     */
    private static void warnIfDamaged(Connection c) {
        try {
            String damage = SysqlDriver.schema(c).capture().damage();
            if (damage != null) {
                System.err.println(damageWarning(damage, "answers cover those only"));
            }
        } catch (SQLException severalCaptures) {
            try {
                warnOfDamagedMembers(SysqlDriver.fleet(c));
            } catch (SQLException e) {
                throw new IllegalStateException("a sysql connection to neither one capture nor several", e);
            }
        }
    }

    /** Says on stderr, as each of {@code fleet}'s captures is opened, that it is damaged when it is. */
    static void warnOfDamagedMembers(Fleet fleet) {
        fleet.onDamagedCapture((capture, damage) ->
                System.err.println(damageWarning(capture + ": " + damage, "answers cover those only")));
    }

    /** The line that warns of a damaged capture's {@link io.sysql.storage.Capture#damage}. */
    static String damageWarning(String damage, String consequence) {
        return "sysql: warning: damaged capture: " + damage + "; " + consequence;
    }

    static Connection open(List<Path> captures) {
        return open(captures, new Properties());
    }

    static Connection open(Path capture) {
        return open(capture, new Properties());
    }
}
