package io.sysql.capture.proc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * IP addresses of {@code /proc/net/*} as text. The kernel prints each 32-bit word of an address as hex of
 * its in-memory value, so on a little-endian host the bytes of each word come out reversed.
 */
final class IpText {
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private IpText() {
    }

    /** Text of an 8-hex-digit (IPv4) or 32-hex-digit (IPv6) address as /proc/net prints it. */
    static String fromProcHex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            int value = (int) Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int b = 0; b < 4; b++) {
                int shift = LITTLE_ENDIAN ? 8 * b : 8 * (3 - b);
                bytes[word * 4 + b] = (byte) (value >>> shift);
            }
        }
        return bytes.length == 4 ? ipv4(bytes, 0) : ipv6(bytes);
    }

    static String ipv4(byte[] b, int at) {
        return io.sysql.capture.event.IpText.ipv4(ByteBuffer.wrap(b), at);
    }

    static String ipv6(byte[] b) {
        return io.sysql.capture.event.IpText.ipv6(ByteBuffer.wrap(b), 0);
    }

    static boolean isAny(String ip) {
        return ip.equals("0.0.0.0") || ip.equals("::");
    }
}
