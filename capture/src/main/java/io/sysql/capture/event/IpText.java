package io.sysql.capture.event;

import java.nio.ByteBuffer;

/**
 * IP addresses (network byte order) as text the way {@code ip} and {@code ss} print them ("127.0.0.1",
 * "::1", "::ffff:10.0.0.1"): one spelling for every source, so that the same socket compares equal
 * whether it came from /proc, strace, eBPF or a .scap file.
 */
public final class IpText {
    private IpText() {
    }

    public static String ipv4(ByteBuffer b, int offset) {
        return (b.get(offset) & 0xff) + "." + (b.get(offset + 1) & 0xff) + "." + (b.get(offset + 2) & 0xff) + "."
                + (b.get(offset + 3) & 0xff);
    }

    /** RFC 5952: lower-case hex, the longest run of two or more zero groups as "::", IPv4-mapped dotted. */
    public static String ipv6(ByteBuffer b, int offset) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b.get(offset + 2 * i) & 0xff) << 8) | (b.get(offset + 2 * i + 1) & 0xff);
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xffff) {
            return "::ffff:" + ipv4(b, offset + 12);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
