package io.sysql.capture.proc;

/**
 * The fields sysql needs from {@code /proc/PID/status}: effective ids, memory sizes, and the ids inside the
 * innermost pid namespace ({@code NStgid}/{@code NSpid} list one per namespace level, the innermost last;
 * -1 on kernels before 4.1, which lack them).
 */
record StatusFile(int euid, int egid, long vmSizeKb, long vmRssKb, int vpid, int vtid) {

    static StatusFile parse(String text) {
        int euid = -1;
        int egid = -1;
        long vmSize = 0;
        long vmRss = 0;
        int vpid = -1;
        int vtid = -1;
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
            } else if (line.startsWith("NStgid:")) {
                vpid = innermost(line);
            } else if (line.startsWith("NSpid:")) {
                vtid = innermost(line);
            }
            lineStart = lineEnd + 1;
        }
        return new StatusFile(euid, egid, vmSize, vmRss, vpid, vtid);
    }

    private static int innermost(String line) {
        String[] ids = Tokens.split(line);
        return Integer.parseInt(ids[ids.length - 1]);
    }
}
