package io.sysql.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;

/** One output format of {@code sysql export}: reads the capture through SQL and streams it out. */
interface CaptureExport {
    void write(Connection capture, OutputStream out) throws SQLException, IOException;
}
