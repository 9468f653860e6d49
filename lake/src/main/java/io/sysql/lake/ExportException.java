package io.sysql.lake;

/** An export that cannot be made as asked (output taken, captures named alike...); the message says why. */
public final class ExportException extends RuntimeException {
    ExportException(String message) {
        super(message);
    }

    ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
