package io.sysql.capture.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * IP addresses (network byte order) as text the way {@code ip} and {@code ss} print them ("127.0.0.1",
 * "::1", "::ffff:10.0.0.1"): one spelling for every source, so that the same socket compares equal
 * whether it came from /proc, strace, eBPF or a .scap file.
 */
public final class IpText {
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
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

    /**
     * An 8-hex-digit (IPv4) or 32-hex-digit (IPv6) address as {@code /proc/net/*} prints it: each 32-bit word
     * as hex of its in-memory value, so on a little-endian host the bytes of each word come out reversed.
     */
    public static String fromProcHex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            int value = (int) Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int b = 0; b < 4; b++) {
                int shift = LITTLE_ENDIAN ? 8 * b : 8 * (3 - b);
                bytes[word * 4 + b] = (byte) (value >>> shift);
            }
        }
        return bytes.length == 4 ? ipv4(ByteBuffer.wrap(bytes), 0) : ipv6(ByteBuffer.wrap(bytes), 0);
    }

    /** The wildcard address of either family. */
    public static boolean isAny(String ip) {
        return ip.equals("0.0.0.0") || ip.equals("::");
    }
}