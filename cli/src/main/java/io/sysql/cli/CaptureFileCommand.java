package io.sysql.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /**
     * Writes beside the output and moves the file into place at the end, so a failed run leaves no
     * half-written file that looks like a whole one.
     */
    @Override
    public Integer call() {
        return write(dir, output, writer());
    }

    /** Writes {@code output} from the capture in {@code dir}, moving the file into place once complete. */
    static int write(Path dir, Path output, CaptureExport writer) {
        Path target = output.toAbsolutePath();
        Path partial = null;
        try (Connection c = Connections.open(dir)) {
            partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                writer.write(c, out);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            return 0;
        } catch (SQLException e) {
            throw new UserError(SqlErrors.describe(e));
        } catch (NoSuchFileException e) {
            throw new UserError("cannot write " + output + ": no such directory: " + target.getParent());
        } catch (AccessDeniedException e) {
            throw new UserError("cannot write " + output + ": permission denied");
        } catch (IOException e) {
            throw new UserError("cannot write " + output + ": " + e.getMessage());
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // The error being reported matters more than the leftover.
                }
            }
        }
    }
}
