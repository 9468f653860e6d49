package io.sysql.capture.proc;

/**
 * The fields sysql needs from {@code /proc/PID/stat} (or a thread's {@code /proc/PID/task/TID/stat}). The
 * command name is between the first '(' and the last ')' because it may itself contain spaces and
 * parentheses; the numbers follow the last ')'. Times are in USER_HZ clock ticks.
 */
record StatLine(String comm, int ppid, long startTicks, long userTicks, long systemTicks) {
    private static final int PPID = 1;
    private static final int USER_TIME = 11;
    private static final int SYSTEM_TIME = 12;
    private static final int START_TIME = 19;

    static StatLine parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a stat line: " + text);
        }
        String[] rest = Tokens.split(text.substring(close + 1).trim());
        return new StatLine(text.substring(open + 1, close), Integer.parseInt(rest[PPID]),
                Long.parseLong(rest[START_TIME]), Long.parseLong(rest[USER_TIME]), Long.parseLong(rest[SYSTEM_TIME]));
    }
}
