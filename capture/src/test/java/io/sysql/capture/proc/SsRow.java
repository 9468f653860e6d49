package io.sysql.capture.proc;

/** ss's words for socket states and endpoints, brought to the snapshot's. */
final class SsRow {
    private SsRow() {
    }

    static String state(String ss) {
        switch (ss) {
            case "ESTAB":
                return "ESTABLISHED";
            default:
                return ss.replace('-', '_');
        }
    }

    /** "127.0.0.1:80" becomes "127.0.0.1 80", "[::]:*" and "*:*" become ":: 0". */
    static String endpoint(String ss) {
        int colon = ss.lastIndexOf(':');
        String host = ss.substring(0, colon);
        String port = ss.substring(colon + 1);
        if (host.equals("*")) {
            host = "::"; // ss's wildcard of a dual-stack IPv6 socket
        } else if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return host + " " + (port.equals("*") ? "0" : port);
    }
}
