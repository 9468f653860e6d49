package io.sysql.sql;

import io.sysql.sql.SqlTokens.Kind;
import io.sysql.sql.SqlTokens.Token;

import java.util.List;
import java.util.Set;

/**
 * Turns sysql's {@code AS OF} shorthand into standard SQL:2011 that Calcite parses (no Calcite parser
 * accepts a bare AS OF). Strings, comments and quoted identifiers are never touched.
 *
 * <pre>
 * fds AS OF 12345                 → fds FOR SYSTEM_TIME AS OF EVT(12345)
 * fds AS OF ?                     → fds FOR SYSTEM_TIME AS OF EVT(CAST(? AS BIGINT))  (or a time: {@link AsOfTimeParameters})
 * fds AS OF e.num                 → fds FOR SYSTEM_TIME AS OF EVT(e.num)     (per row, in a join)
 * fds AS OF TIMESTAMP '...'       → fds FOR SYSTEM_TIME AS OF TIMESTAMP '...'
 * fds AS OF TIMESTAMP ?           → fds FOR SYSTEM_TIME AS OF CAST(? AS TIMESTAMP)
 * fds AS OF (SELECT MIN(num) ...) → (SELECT "$t".* FROM (SELECT MIN("$c") FROM (SELECT MIN(num) ...) AS "$q"("$c")
 *                                      HAVING "$AS_OF_ONE_ROW"(COUNT(*), COUNT("$c"))) AS "$p"("$n")
 *                                      JOIN fds FOR SYSTEM_TIME AS OF EVT("$p"."$n") AS "$t" ON TRUE) AS fds
 * </pre>
 *
 * The subquery is rewritten into a derived table joined with a correlated snapshot because the parser
 * rejects a subquery right after AS OF (and Calcite cannot plan one inside {@code EVT(...)}); the same
 * rewrite serves {@code FOR SYSTEM_TIME AS OF (SELECT ...)} and {@code AS OF EVT((SELECT ...))}. The
 * subquery must give one event number: {@link AsOfSubquery} stops the query when it gives no row, several
 * rows or NULL, and {@link TimeTravelRules} refuses a value that is not a number.
 */
final class AsOfRewriter {
    /** Words that may follow a table reference and are not an alias. */
    private static final Set<String> NOT_ALIAS = Set.of("WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS",
            "NATURAL", "ON", "USING", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "FETCH", "UNION", "INTERSECT",
            "EXCEPT", "MINUS", "WINDOW", "QUALIFY", "TABLESAMPLE", "MATCH_RECOGNIZE", "FOR", "OUTER", "APPLY");

    private AsOfRewriter() {
    }

    static void rewrite(String sql, List<Token> t, RewrittenSql.Builder b) {
        for (int i = 0; i + 2 < t.size(); i++) {
            if (!t.get(i).isWord("AS") || !t.get(i + 1).isWord("OF")) {
                continue;
            }
            boolean standard = i >= 2 && t.get(i - 1).isWord("SYSTEM_TIME") && t.get(i - 2).isWord("FOR");
            int v = i + 2;
            Token value = t.get(v);
            int subqueryOpen = subqueryAt(t, v);
            if (subqueryOpen >= 0) {
                subquery(sql, t, standard ? i - 2 : i, v, subqueryOpen, b);
            } else if (standard) {
                continue; // the standard form as Calcite takes it
            } else if (value.kind() == Kind.STRING) {
                throw new SysqlQueryException("AS OF " + value.text() + ": a point is an event number, ?, "
                        + "TIMESTAMP '...' or (SELECT ...) giving an event number");
            } else if (value.isWord("TIMESTAMP") && v + 1 < t.size() && t.get(v + 1).kind() == Kind.PARAM) {
                b.insert(t.get(i).start(), "FOR SYSTEM_TIME ");
                b.replace(value.start(), t.get(v + 1).end(), "CAST(? AS TIMESTAMP)", value.start());
            } else if (value.isWord("TIMESTAMP") || value.isWord("CURRENT_TIMESTAMP") || value.isWord("LOCALTIMESTAMP")) {
                b.insert(t.get(i).start(), "FOR SYSTEM_TIME ");
            } else {
                int last = endOfValue(t, v);
                if (last < 0) {
                    continue; // not a form we know: Calcite reports the syntax error at the user's position
                }
                b.insert(t.get(i).start(), "FOR SYSTEM_TIME ");
                if (value.kind() == Kind.PARAM) {
                    b.replace(value.start(), value.end(), "EVT(CAST(? AS BIGINT))", value.start());
                    b.eventNumberParameter((int) t.subList(0, v).stream().filter(x -> x.kind() == Kind.PARAM).count());
                } else {
                    b.insert(value.start(), "EVT(");
                    b.insert(t.get(last).end(), ")");
                }
            }
        }
    }

    /** The last token of an event-number value starting at {@code v}, or -1. */
    private static int endOfValue(List<Token> t, int v) {
        Token first = t.get(v);
        if (first.kind() == Kind.NUMBER || first.kind() == Kind.PARAM) {
            return v;
        }
        if ((first.isSymbol('-') || first.isSymbol('+')) && v + 1 < t.size() && t.get(v + 1).kind() == Kind.NUMBER) {
            return v + 1;
        }
        if (first.isSymbol('(')) {
            return matchingParen(t, v);
        }
        if (first.isName()) {
            int last = v;
            while (last + 2 < t.size() && t.get(last + 1).isSymbol('.') && t.get(last + 2).isName()) {
                last += 2;
            }
            return last;
        }
        return -1;
    }

    private static int matchingParen(List<Token> t, int open) {
        int depth = 0;
        for (int j = open; j < t.size(); j++) {
            if (t.get(j).isSymbol('(')) {
                depth++;
            } else if (t.get(j).isSymbol(')') && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    /**
     * Where the subquery of a point starting at {@code v} opens: {@code (SELECT ...)} or
     * {@code EVT((SELECT ...))}; -1 for any other point.
     */
    private static int subqueryAt(List<Token> t, int v) {
        int open = v;
        if (t.get(v).isWord(Evt.NAME) && v + 1 < t.size() && t.get(v + 1).isSymbol('(')) {
            open = v + 2;
        }
        boolean query = open + 1 < t.size() && t.get(open).isSymbol('(')
                && (t.get(open + 1).isWord("SELECT") || t.get(open + 1).isWord("WITH"));
        return query ? open : -1;
    }

    /**
     * Rewrites {@code table [FOR SYSTEM_TIME] AS OF [EVT(](subquery)[)]}; {@code from} is the first token
     * after the table reference, {@code v} the point's first token, {@code open} the subquery's paren.
     */
    private static void subquery(String sql, List<Token> t, int from, int v, int open, RewrittenSql.Builder b) {
        int close = matchingParen(t, open);
        int end = matchingParen(t, v);
        int refStart = from - 1;
        if (close < 0 || end < 0 || refStart < 0 || !t.get(refStart).isName()) {
            return;
        }
        while (refStart >= 2 && t.get(refStart - 1).isSymbol('.') && t.get(refStart - 2).isName()) {
            refStart -= 2;
        }
        Token ref = t.get(refStart);
        String table = sql.substring(ref.start(), t.get(from - 1).end());
        String alias = hasAlias(t, end + 1) ? "" : " AS " + t.get(from - 1).text();
        b.replace(ref.start(), t.get(open).start(), "(SELECT \"$t\".* FROM (SELECT MIN(\"$c\") FROM ", ref.start());
        b.replace(t.get(close).end(), t.get(end).end(), " AS \"$q\"(\"$c\") HAVING \"" + AsOfSubquery.NAME
                + "\"(COUNT(*), COUNT(\"$c\"))) AS \"$p\"(\"$n\") JOIN " + table
                + " FOR SYSTEM_TIME AS OF EVT(\"$p\".\"$n\") AS \"$t\" ON TRUE)" + alias, t.get(from).start());
    }

    private static boolean hasAlias(List<Token> t, int next) {
        if (next >= t.size()) {
            return false;
        }
        Token n = t.get(next);
        return n.kind() == Kind.QUOTED || n.kind() == Kind.WORD && !NOT_ALIAS.contains(n.upper());
    }
}
