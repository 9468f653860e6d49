package io.sysql.capture.source;

/** A source could not record, or failed while recording; the message says why and what to do. */
public class SourceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitStatus;
    private final boolean recordedNothing;

    public SourceException(String message, int exitStatus) {
        this(message, exitStatus, false);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = -1;
        this.recordedNothing = false;
    }

    private SourceException(String message, int exitStatus, boolean recordedNothing) {
        super(message);
        this.exitStatus = exitStatus;
        this.recordedNothing = recordedNothing;
    }

    /**
     * The source failed before it recorded a single call of what it was asked to record (a command strace
     * could not start, a process it could not attach to): its snapshot alone is no recording of it.
     */
    public static SourceException recordedNothing(String message, int exitStatus) {
        return new SourceException(message, exitStatus, true);
    }

    /** The exit status a recorded command or tool ended with, or -1 when there is none. */
    public int exitStatus() {
        return exitStatus;
    }

    /** See {@link #recordedNothing(String, int)}: the capture is not kept. */
    public boolean recordedNothing() {
        return recordedNothing;
    }
}
