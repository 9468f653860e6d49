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
 * fds AS OF ?                     → fds FOR SYSTEM_TIME AS OF EVT(CAST(? AS BIGINT))
 * fds AS OF e.num                 → fds FOR SYSTEM_TIME AS OF EVT(e.num)     (per row, in a join)
 * fds AS OF TIMESTAMP '...'       → fds FOR SYSTEM_TIME AS OF TIMESTAMP '...'
 * fds AS OF TIMESTAMP ?           → fds FOR SYSTEM_TIME AS OF CAST(? AS TIMESTAMP)
 * fds AS OF (SELECT MIN(num) ...) → (SELECT "$t".* FROM (SELECT MIN(num) ...) AS "$p"("$n")
 *                                      JOIN fds FOR SYSTEM_TIME AS OF EVT("$p"."$n") AS "$t" ON TRUE) AS fds
 * </pre>
 *
 * The scalar subquery is rewritten into a derived table joined with a correlated snapshot because the
 * parser rejects a subquery right after AS OF; it must return an event number.
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
            if (!t.get(i).isWord("AS") || !t.get(i + 1).isWord("OF") || i > 0 && t.get(i - 1).isWord("SYSTEM_TIME")) {
                continue;
            }
            int v = i + 2;
            Token value = t.get(v);
            if (value.isWord("TIMESTAMP") && v + 1 < t.size() && t.get(v + 1).kind() == Kind.PARAM) {
                b.insert(t.get(i).start(), "FOR SYSTEM_TIME ");
                b.replace(value.start(), t.get(v + 1).end(), "CAST(? AS TIMESTAMP)", value.start());
            } else if (value.isWord("TIMESTAMP") || value.isWord("CURRENT_TIMESTAMP") || value.isWord("LOCALTIMESTAMP")) {
                b.insert(t.get(i).start(), "FOR SYSTEM_TIME ");
            } else if (value.isSymbol('(') && v + 1 < t.size()
                    && (t.get(v + 1).isWord("SELECT") || t.get(v + 1).isWord("WITH"))) {
                subquery(sql, t, i, b);
            } else {
                int last = endOfValue(t, v);
                if (last < 0) {
                    continue; // not a form we know: Calcite reports the syntax error at the user's position
                }
                b.insert(t.get(i).start(), "FOR SYSTEM_TIME ");
                if (value.kind() == Kind.PARAM) {
                    b.replace(value.start(), value.end(), "EVT(CAST(? AS BIGINT))", value.start());
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

    private static void subquery(String sql, List<Token> t, int as, RewrittenSql.Builder b) {
        int close = matchingParen(t, as + 2);
        int refStart = as - 1;
        if (close < 0 || refStart < 0 || !t.get(refStart).isName()) {
            return;
        }
        while (refStart >= 2 && t.get(refStart - 1).isSymbol('.') && t.get(refStart - 2).isName()) {
            refStart -= 2;
        }
        Token ref = t.get(refStart);
        String table = sql.substring(ref.start(), t.get(as - 1).end());
        String alias = hasAlias(t, close + 1) ? "" : " AS " + t.get(as - 1).text();
        b.replace(ref.start(), t.get(as + 2).start(), "(SELECT \"$t\".* FROM ", ref.start());
        b.replace(t.get(close).end(), t.get(close).end(), " AS \"$p\"(\"$n\") JOIN " + table
                + " FOR SYSTEM_TIME AS OF EVT(\"$p\".\"$n\") AS \"$t\" ON TRUE)" + alias, t.get(as).start());
    }

    private static boolean hasAlias(List<Token> t, int next) {
        if (next >= t.size()) {
            return false;
        }
        Token n = t.get(next);
        return n.kind() == Kind.QUOTED || n.kind() == Kind.WORD && !NOT_ALIAS.contains(n.upper());
    }
}
