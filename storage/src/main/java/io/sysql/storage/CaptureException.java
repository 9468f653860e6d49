package io.sysql.storage;

/** A problem with a capture a user can act on; its message is meant to be shown as it is. */
public class CaptureException extends RuntimeException {
    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
