package io.sysql.sql.schema;

/** Bytes shown as text the way sysdig prints a buffer: printable ASCII kept, everything else as '.'. */
public final class PrintableText {
    private PrintableText() {
    }

    public static String of(byte[] data) {
        if (data == null) {
            return null;
        }
        char[] out = new char[data.length];
        for (int i = 0; i < data.length; i++) {
            int b = data[i] & 0xff;
            out[i] = b >= 0x20 && b < 0x7f ? (char) b : '.';
        }
        return new String(out);
    }
}
