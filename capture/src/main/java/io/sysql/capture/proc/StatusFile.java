package io.sysql.capture.proc;

/** The fields sysql needs from {@code /proc/PID/status}: effective ids and memory sizes. */
record StatusFile(int euid, int egid, long vmSizeKb, long vmRssKb) {

    static StatusFile parse(String text) {
        int euid = -1;
        int egid = -1;
        long vmSize = 0;
        long vmRss = 0;
        int lineStart = 0;
        while (lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            String line = text.substring(lineStart, lineEnd);
            if (line.startsWith("Uid:")) {
                euid = Integer.parseInt(Tokens.split(line)[2]);
            } else if (line.startsWith("Gid:")) {
                egid = Integer.parseInt(Tokens.split(line)[2]);
            } else if (line.startsWith("VmSize:")) {
                vmSize = Long.parseLong(Tokens.split(line)[1]);
            } else if (line.startsWith("VmRSS:")) {
                vmRss = Long.parseLong(Tokens.split(line)[1]);
            }
            lineStart = lineEnd + 1;
        }
        return new StatusFile(euid, egid, vmSize, vmRss);
    }
}
