package io.sysql.cli;

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
        try {
            return DriverManager.getConnection("jdbc:sysql:" + dirs, props);
        } catch (SQLException e) {
            throw new UserError(e.getMessage());
        }
    }

    static Connection open(List<Path> captures) {
        return open(captures, new Properties());
    }

    static Connection open(Path capture) {
        return open(capture, new Properties());
    }
}
