package io.sysql.capture.source;

/** Keys of the facts a source reports for the capture's metadata ({@link EventSource#metadata()}). */
public final class SourceMetadata {
    /** The recording machine's host name and kernel (a file's, not the importing machine's). */
    public static final String HOST = "host";
    public static final String KERNEL = "kernel";
    /** The capture's start, ns since the epoch. */
    public static final String START_TS = "start_ts";
    /** Data bytes kept per read/write-family call. */
    public static final String SNAPLEN = "snaplen";
    /** The recorded command's exit status. */
    public static final String EXIT_STATUS = "exit_status";
    /** The file a capture was imported from. */
    public static final String ORIGIN = "origin";
    /** Why a source stopped before its end, and where (byte offset). */
    public static final String FAULT = "import_fault";
    public static final String FAULT_OFFSET = "import_fault_offset";

    private SourceMetadata() {
    }
}
