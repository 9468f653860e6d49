package io.sysql.jdbc.server;

import org.eclipse.jetty.util.security.Credential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one-user realm file Jetty's HTTP Basic login reads (Avatica takes a file, not a user store). It
 * holds a digest of the password, never the password, is readable by its owner only, and is deleted
 * when the server stops.
 */
final class BasicAuthRealm implements AutoCloseable {
    static final String ROLE = "sysql";

    private final Path file;

    BasicAuthRealm(String user, String password) throws IOException {
        if (user.isBlank() || user.contains(":") || user.contains("\n")) {
            throw new IllegalArgumentException("a user name must be non-empty, without ':' or line breaks");
        }
        file = Files.createTempFile("sysql-realm", ".properties",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String digest = Credential.MD5.digest(password);
        Files.writeString(file, user + ": " + digest + "," + ROLE + "\n", StandardCharsets.UTF_8);
    }

    String path() {
        return file.toString();
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
