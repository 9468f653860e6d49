package io.sysql.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** A mistake in what the user asked for; the message says what and how to fix it. */
final class UserError extends RuntimeException {
    private final int exitStatus;

    UserError(String message) {
        this(message, 1);
    }

    /** @param exitStatus what sysql exits with: 1, or a status a shell gives the same mistake (127: not found) */
    UserError(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    int exitStatus() {
        return exitStatus;
    }

    /** "cannot read FILE: why", the why in words: Java's own message for a missing file is its bare path. */
    static String cannotRead(Object file, Exception e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
        return "cannot read " + file + ": " + why;
    }
}
