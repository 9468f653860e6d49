package io.sysql.capture.source;

/** A source could not record, or failed while recording; the message says why and what to do. */
public class SourceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    public SourceException(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = -1;
    }

    /** The exit status a recorded command or tool ended with, or -1 when there is none. */
    public int exitStatus() {
        return exitStatus;
    }
}
