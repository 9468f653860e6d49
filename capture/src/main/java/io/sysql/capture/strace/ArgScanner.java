package io.sysql.capture.strace;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds structure in strace's argument text without understanding it: quoted strings, nested
 * {@code ( [ {} groups and {@code -y} fd decorations such as {@code 3<TCP:[1.2.3.4:5->6.7.8.9:10]>}.
 * A {@code <} opens a decoration only right after a non-blank character (an fd number, AT_FDCWD, or an
 * enclosing decoration), and a {@code >} closes one only when a decoration is innermost, so that the
 * {@code ->} of socket endpoints and the {@code =>} of in/out values are left alone.
 */
final class ArgScanner {
    private ArgScanner() {
    }

    /** Index of the character that closes the group opened at {@code open}. */
    static int matchingClose(String s, int open) {
        StringBuilder stack = new StringBuilder();
        int i = open;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                i = skip(s, i);
                continue;
            }
            if (opens(s, i)) {
                stack.append(c);
            } else if (closes(stack, c)) {
                stack.setLength(stack.length() - 1);
                if (stack.length() == 0) {
                    return i;
                }
            }
            i++;
        }
        throw new StraceSyntaxException("unbalanced '" + s.charAt(open) + "'");
    }

    /** Splits {@code s[from, to)} at the commas outside any string or group; items are trimmed. */
    static List<String> splitTopLevel(String s, int from, int to) {
        List<String> items = new ArrayList<>();
        StringBuilder stack = new StringBuilder();
        int start = from;
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                i = skip(s, i);
                continue;
            }
            if (opens(s, i)) {
                stack.append(c);
            } else if (closes(stack, c)) {
                stack.setLength(stack.length() - 1);
            } else if (c == ',' && stack.length() == 0) {
                items.add(s.substring(start, i).trim());
                start = i + 1;
            }
            i++;
        }
        String last = s.substring(start, Math.min(to, s.length())).trim();
        if (!last.isEmpty() || !items.isEmpty()) {
            items.add(last);
        }
        return items;
    }

    /**
     * Index just past the quoted string starting at {@code i} (its {@code ...} marker included), or past
     * the escape starting at {@code i} (file names in decorations are escaped, not quoted: {@code \"}).
     */
    private static int skip(String s, int i) {
        return s.charAt(i) == '\\' ? i + 2 : skipString(s, i);
    }

    /** Index just past the quoted string starting at {@code i} (its {@code ...} marker included). */
    static int skipString(String s, int i) {
        int j = i + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == '"') {
                j++;
                return s.startsWith("...", j) ? j + 3 : j;
            } else {
                j++;
            }
        }
        throw new StraceSyntaxException("unterminated string");
    }

    private static boolean opens(String s, int i) {
        char c = s.charAt(i);
        if (c == '(' || c == '[' || c == '{') {
            return true;
        }
        return c == '<' && i > 0 && !Character.isWhitespace(s.charAt(i - 1));
    }

    private static boolean closes(StringBuilder stack, char c) {
        if (stack.length() == 0) {
            return false;
        }
        char top = stack.charAt(stack.length() - 1);
        return (c == ')' && top == '(') || (c == ']' && top == '[') || (c == '}' && top == '{')
                || (c == '>' && top == '<');
    }
}
