package io.sysql.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** A capture reveals every path and connection of a machine: only its owner may read it. */
final class CaptureFiles {
    private CaptureFiles() {
    }

    static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    static void restrict(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                Files.isDirectory(file) ? "rwx------" : "rw-------"));
    }

    /** Restricts everything under the capture directory, including files Chronicle created. */
    static void restrictAll(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> {
                try {
                    restrict(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
