package io.sysql.capture.proc;

import java.util.Arrays;

/** Splits a line of /proc text on runs of spaces and tabs, without regular expressions. */
final class Tokens {
    private Tokens() {
    }

    static String[] split(String line) {
        String[] out = new String[16];
        int n = 0;
        int i = 0;
        int len = line.length();
        while (i < len) {
            while (i < len && isBlank(line.charAt(i))) {
                i++;
            }
            if (i == len) {
                break;
            }
            int start = i;
            while (i < len && !isBlank(line.charAt(i))) {
                i++;
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = line.substring(start, i);
        }
        return Arrays.copyOf(out, n);
    }

    /** Where the text after the {@code count}-th token starts (past its blanks), or the line's length. */
    static int afterTokens(String line, int count) {
        int i = 0;
        int len = line.length();
        for (int t = 0; t < count; t++) {
            while (i < len && isBlank(line.charAt(i))) {
                i++;
            }
            while (i < len && !isBlank(line.charAt(i))) {
                i++;
            }
        }
        while (i < len && isBlank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
