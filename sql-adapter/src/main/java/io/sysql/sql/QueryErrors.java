package io.sysql.sql;

import io.sysql.sql.schema.Column;
import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.TableKind;
import io.sysql.sql.schema.Tables;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes Calcite's errors about a query speak about the text the user typed: positions are mapped back
 * through the AS OF rewrite, unknown names get the closest known one, and AS OF on a table that is
 * already over time says what to do instead.
 */
final class QueryErrors {
    private static final Pattern UNKNOWN_COLUMN = Pattern.compile("Column '([^']+)' not found");
    private static final Pattern UNKNOWN_OBJECT = Pattern.compile("(?:Object|Table) '([^']+)' not found");
    private static final Pattern EXPECTED = Pattern.compile("Was expecting(?: one of)?:(.*)$", Pattern.DOTALL);
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("No match found for function signature ([A-Za-z_0-9]+)\\(");

    private QueryErrors() {
    }

    static RuntimeException explain(RuntimeException e, RewrittenSql sql) {
        if (e instanceof SysqlQueryException) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return tooDeep(t);
            }
        }
        Throwable cause = innermostMessage(e);
        String message = sql.mapPositions(cause.getMessage());
        if (message == null) {
            return e;
        }
        message = withoutExpectedTokens(message) + hint(message, sql.original());
        return new SysqlQueryException(message, e);
    }

    /** Calcite's parser, validator and planner recurse over the query's expression tree. */
    static SysqlQueryException tooDeep(Throwable e) {
        return new SysqlQueryException("query too long or too deeply nested to plan: split it, or use IN (...) lists and fewer nested parentheses", e);
    }

    /** Calcite wraps the useful message (parser, validator) in layers that repeat or hide it. */
    private static Throwable innermostMessage(Throwable e) {
        Throwable best = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && (t.getMessage().contains("line ") || t.getCause() == null)) {
                best = t;
            }
            if (t instanceof SysqlQueryException) {
                return t;
            }
        }
        return best;
    }

    /**
     * A parse error without the parser's list of the tokens it would have accepted (up to a hundred
     * lines of grammar internals); a short list is kept.
     */
    static String withoutExpectedTokens(String message) {
        Matcher m = EXPECTED.matcher(message);
        if (!m.find()) {
            return message;
        }
        String[] expected = m.group(1).trim().split("\\s*\\.\\.\\.\\s*|\\s*\\R\\s*");
        String head = message.substring(0, m.start()).trim();
        return expected.length <= 4 ? head + " Was expecting one of: " + String.join(", ", expected) : head;
    }

    private static String hint(String message, String typed) {
        if (message.contains("is not a temporal table")) {
            return ". AS OF applies to the state tables (processes, threads, fds, connections, ancestors); "
                    + "events and the *_history tables are already over time: filter them on num or ts, "
                    + "or on valid_from_num/valid_to_num";
        }
        Matcher m = UNKNOWN_COLUMN.matcher(message);
        if (m.find()) {
            if (typed.contains("\"" + m.group(1) + "\"")) {
                return ". Double quotes name a column or table (\"" + m.group(1) + "\"); a string takes single quotes ('"
                        + m.group(1) + "')";
            }
            return didYouMean(m.group(1), allColumnNames());
        }
        m = UNKNOWN_OBJECT.matcher(message);
        if (m.find()) {
            return didYouMean(m.group(1), tableAndFunctionNames());
        }
        m = UNKNOWN_FUNCTION.matcher(message);
        if (m.find()) {
            return didYouMean(m.group(1), tableAndFunctionNames());
        }
        return "";
    }

    private static String didYouMean(String name, Set<String> known) {
        String wanted = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(wanted, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, wanted.length() / 3);
        return best != null && bestDistance <= allowed && bestDistance > 0 ? " (did you mean '" + best + "'?)" : "";
    }

    private static Set<String> allColumnNames() {
        Set<String> names = new LinkedHashSet<>();
        for (TableDef<?> t : Tables.ALL) {
            for (Column<?> c : t.columns()) {
                names.add(c.name());
            }
        }
        return names;
    }

    private static Set<String> tableAndFunctionNames() {
        Set<String> names = new LinkedHashSet<>();
        List<String> functions = new ArrayList<>();
        for (TableDef<?> t : Tables.ALL) {
            names.add(t.name());
            if (t.kind() == TableKind.STATE) {
                functions.add(t.name() + "_at");
            }
        }
        names.addAll(functions);
        names.add(Evt.NAME.toLowerCase(Locale.ROOT));
        return names;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
