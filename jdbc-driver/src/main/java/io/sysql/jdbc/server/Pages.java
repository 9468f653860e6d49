package io.sysql.jdbc.server;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Read-only web pages a {@link SysqlServer} serves beside its JDBC endpoint, on the same port and so behind
 * the same authentication and TLS. They answer GET requests; Avatica keeps the others (its protocol is POSTs).
 */
public interface Pages {
    /** The answer to a GET of {@code path} with these query parameters (decoded, the last of a repeated name). */
    Answer get(String path, Map<String, String> query) throws IOException;

    record Answer(int status, String contentType, byte[] body) {
    }

    /** Makes the pages once the capture is open, given their own connection to it. */
    @FunctionalInterface
    interface Factory {
        Pages open(Connection capture) throws SQLException, IOException;
    }
}
