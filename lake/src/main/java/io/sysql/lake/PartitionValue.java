package io.sysql.lake;

import java.nio.charset.StandardCharsets;

/**
 * A host or capture name made safe for a path segment the way Hive escapes partition values: bytes other
 * than letters, digits, {@code .}, {@code _} and {@code -} become {@code %XX} (Spark and DuckDB decode
 * them back; a DNS host name needs none).
 */
final class PartitionValue {
    private PartitionValue() {
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
