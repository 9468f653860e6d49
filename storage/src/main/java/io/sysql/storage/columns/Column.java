package io.sysql.storage.columns;

import io.sysql.capture.event.Event;

/**
 * The hot fields of each event beside the head ({@link HeadColumns#FILE_NAME}), each in a file of its
 * own: a scan reads only the columns it needs, a fixed number of bytes per event, little-endian, event
 * {@code n} at row {@code n - 1} after the same {@value HeadColumns#HEADER_BYTES}-byte header.
 */
public enum Column {
    /** {@link Event#ts}; never decreasing in journal order, so a time is found by binary search. */
    TS("events.ts", 8),
    /** {@link Event#res} (whether the call returned is in the head's errno). */
    RES("events.res", 8),
    PID("events.pid", 4),
    /**
     * {@link Event#fdName} as an id into {@link HeadColumns#FD_NAMES_FILE}, {@link #NO_NAME} for none, or
     * {@link #NAME_ESCAPE} when the dictionary does not hold it (the journal does).
     */
    FD_NAME("events.fdname", 4),
    /** {@link Event#fdType}'s ordinal + 1, 0 for none. */
    FD_TYPE("events.fdtype", 1);

    public static final int NO_NAME = -1;
    public static final int NAME_ESCAPE = -2;

    final String fileName;
    final int bytes;

    Column(String fileName, int bytes) {
        this.fileName = fileName;
        this.bytes = bytes;
    }

    public String fileName() {
        return fileName;
    }
}
