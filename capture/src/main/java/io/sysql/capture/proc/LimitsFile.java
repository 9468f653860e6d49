package io.sysql.capture.proc;

/** Reads the soft "Max open files" limit from {@code /proc/PID/limits}. */
final class LimitsFile {
    /** What RLIM_INFINITY reads as in a signed long. */
    static final long UNLIMITED = -1;
    private static final String MAX_OPEN_FILES = "Max open files";

    private LimitsFile() {
    }

    /** The soft limit on open files, {@link #UNLIMITED}, or 0 when the file does not say. */
    static long maxOpenFiles(String text) {
        int at = text.indexOf(MAX_OPEN_FILES);
        if (at < 0) {
            return 0;
        }
        int lineEnd = text.indexOf('\n', at);
        String values = text.substring(at + MAX_OPEN_FILES.length(), lineEnd < 0 ? text.length() : lineEnd);
        String soft = Tokens.split(values)[0];
        return soft.equals("unlimited") ? UNLIMITED : Long.parseLong(soft);
    }
}
