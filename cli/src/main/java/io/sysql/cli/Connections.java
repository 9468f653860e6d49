package io.sysql.cli;

import io.sysql.jdbc.SysqlDriver;

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
     * events before the damage only.
     */
    private static void warnIfDamaged(Connection c) {
        String damage;
        try {
            damage = SysqlDriver.schema(c).capture().damage();
        } catch (SQLException severalCaptures) {
            return; // captures opened as needed: the capture table's state and damage columns tell
        }
        if (damage != null) {
            System.err.println(damageWarning(damage, "answers cover those only"));
        }
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
