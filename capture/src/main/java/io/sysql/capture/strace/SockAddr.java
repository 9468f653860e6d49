package io.sysql.capture.strace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A socket address as strace prints it:
 * {@code {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}},
 * {@code {sa_family=AF_INET6, sin6_port=htons(80), ..., inet_pton(AF_INET6, "::1", &sin6_addr), ...}},
 * {@code {sa_family=AF_UNIX, sun_path="/run/x.sock"}} (abstract: {@code sun_path=@"name"}).
 */
final class SockAddr {
    private static final Pattern FAMILY = Pattern.compile("sa_family=(\\w+)");
    private static final Pattern PORT = Pattern.compile("sin6?_port=htons\\((\\d+)\\)");
    private static final Pattern IPV4 = Pattern.compile("inet_addr\\(\"([^\"]*)\"\\)");
    private static final Pattern IPV6 = Pattern.compile("inet_pton\\(AF_INET6, \"([^\"]*)\"");

    final int family;
    final String ip;
    final int port;
    /** A UNIX socket's path; abstract names start with {@code @}. */
    final String path;

    private SockAddr(int family, String ip, int port, String path) {
        this.family = family;
        this.ip = ip;
        this.port = port;
        this.path = path;
    }

    /** The address in {@code text}, or null when it is not a decoded address (NULL, a pointer). */
    static SockAddr parse(String text) {
        Matcher family = FAMILY.matcher(text);
        if (!text.startsWith("{") || !family.find()) {
            return null;
        }
        int af = (int) Constants.parse(family.group(1));
        String ip = group(IPV4, text);
        if (ip == null) {
            ip = group(IPV6, text);
        }
        String port = group(PORT, text);
        return new SockAddr(af, ip, port == null ? 0 : Integer.parseInt(port), unixPath(text));
    }

    private static String unixPath(String text) {
        int at = text.indexOf("sun_path=");
        if (at < 0) {
            return null;
        }
        int quote = at + "sun_path=".length();
        boolean abstractName = text.startsWith("@", quote);
        if (abstractName) {
            quote++;
        }
        if (!text.startsWith("\"", quote)) {
            return null;
        }
        return (abstractName ? "@" : "") + EscapedString.read(text, quote).utf8();
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
