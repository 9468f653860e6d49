package io.sysql.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens the embedded JDBC connection the commands share: {@code jdbc:sysql:DIR}. */
final class Connections {
    private Connections() {
    }

    static Connection open(Path capture, Properties props) {
        try {
            return DriverManager.getConnection("jdbc:sysql:" + capture.toAbsolutePath(), props);
        } catch (SQLException e) {
            throw new UserError(e.getMessage());
        }
    }

    static Connection open(Path capture) {
        return open(capture, new Properties());
    }
}
