package io.sysql.cli;

/** A mistake in what the user asked for; the message says what and how to fix it. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
