package io.sysql.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL text after a rewrite, with, for every character, where it came from in the text the user typed:
 * positions in error messages about the rewritten text are mapped back with {@link #mapPositions}.
 */
final class RewrittenSql {
    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    private final String original;
    private final String text;
    private final int[] origin;
    private final Set<Integer> eventNumberParameters;

    private RewrittenSql(String original, String text, int[] origin, Set<Integer> eventNumberParameters) {
        this.original = original;
        this.text = text;
        this.origin = origin;
        this.eventNumberParameters = eventNumberParameters;
    }

    /** The text the user wrote. */
    String original() {
        return original;
    }

    String text() {
        return text;
    }

    boolean changed() {
        return !text.equals(original);
    }

    /** The (0-based) parameters that are an AS OF point, {@code AS OF ?}: an event number or a time. */
    Set<Integer> eventNumberParameters() {
        return eventNumberParameters;
    }

    /** Replaces "line L, column C" positions of the rewritten text by those of the original. */
    String mapPositions(String message) {
        if (message == null || !changed()) {
            return message;
        }
        Matcher m = POSITION.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int offset = offsetOf(text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            int mapped = offset < 0 ? -1 : offset < origin.length ? origin[offset] : original.length();
            String replacement = mapped < 0 ? m.group() : position(original, mapped);
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static int offsetOf(String s, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            offset = s.indexOf('\n', offset);
            if (offset < 0) {
                return -1;
            }
            offset++;
        }
        return offset + column - 1;
    }

    private static String position(String s, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }

    /** Collects replacements of ranges of the original text, then builds the result and its origin map. */
    static final class Builder {
        private record Edit(int start, int end, String replacement, int origin, int order) {
        }

        private final String original;
        private final List<Edit> edits = new ArrayList<>();
        private final Set<Integer> eventNumberParameters = new TreeSet<>();

        Builder(String original) {
            this.original = original;
        }

        /** Replaces {@code [start, end)}; the new text is attributed to {@code origin} in the original. */
        Builder replace(int start, int end, String replacement, int origin) {
            edits.add(new Edit(start, end, replacement, origin, edits.size()));
            return this;
        }

        Builder insert(int at, String text) {
            return replace(at, at, text, at);
        }

        /** Notes that parameter {@code index} (0-based, in the order of the text) is an AS OF point. */
        Builder eventNumberParameter(int index) {
            eventNumberParameters.add(index);
            return this;
        }

        RewrittenSql build() {
            edits.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::order));
            StringBuilder out = new StringBuilder();
            List<Integer> origins = new ArrayList<>();
            int pos = 0;
            for (Edit e : edits) {
                for (; pos < e.start(); pos++) {
                    out.append(original.charAt(pos));
                    origins.add(pos);
                }
                out.append(e.replacement());
                for (int i = 0; i < e.replacement().length(); i++) {
                    origins.add(e.origin());
                }
                pos = Math.max(pos, e.end());
            }
            for (; pos < original.length(); pos++) {
                out.append(original.charAt(pos));
                origins.add(pos);
            }
            return new RewrittenSql(original, out.toString(), origins.stream().mapToInt(Integer::intValue).toArray(),
                    Set.copyOf(eventNumberParameters));
        }
    }
}
