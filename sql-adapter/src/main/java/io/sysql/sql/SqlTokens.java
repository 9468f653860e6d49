package io.sysql.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A light SQL tokenizer, as precise as the AS OF rewrite and the shell's completion need: it knows
 * strings, quoted identifiers and comments (so text inside them is never rewritten), words, numbers
 * and symbols.
 */
public final class SqlTokens {
    public enum Kind { WORD, QUOTED, STRING, NUMBER, PARAM, SYMBOL }

    public record Token(Kind kind, int start, int end, String text) {
        public boolean isWord(String w) {
            return kind == Kind.WORD && text.equalsIgnoreCase(w);
        }

        public boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.charAt(0) == c;
        }

        public boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }

        public String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private SqlTokens() {
    }

    public static List<Token> of(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                i = closingQuote(sql, i, c);
                out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED, start, i, sql.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, start, i, sql.substring(start, i)));
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, start, i, sql.substring(start, i)));
            } else {
                i++;
                out.add(new Token(c == '?' ? Kind.PARAM : Kind.SYMBOL, start, i, String.valueOf(c)));
            }
        }
        return out;
    }

    /** The end of a quoted run starting at {@code i}; a doubled quote is part of it. */
    private static int closingQuote(String sql, int i, char quote) {
        int j = i + 1;
        while (j < sql.length()) {
            if (sql.charAt(j) == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return sql.length();
    }
}
