package io.sysql.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/** What export and report share: read a capture through SQL and write one file from it. */
abstract class CaptureFileCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The capture directory.")
    Path dir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The file to write.")
    Path output;

    abstract CaptureExport writer();

    @Override
    public Integer call() {
        try (Connection c = Connections.open(dir);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
            writer().write(c, out);
            return 0;
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        } catch (IOException e) {
            throw new UserError("cannot write " + output + ": " + e.getMessage());
        }
    }
}
