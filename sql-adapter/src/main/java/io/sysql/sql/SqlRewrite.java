package io.sysql.sql;

import io.sysql.sql.SqlTokens.Token;

import java.util.List;
import java.util.Set;

/**
 * The rewrites of the user's SQL text before Calcite parses it: the AS OF shorthand
 * ({@link AsOfRewriter}), and table names that are reserved words in Calcite's grammar ({@code groups})
 * quoted where a table is expected ({@code FROM groups}, {@code JOIN groups}, {@code sysql.groups}), so
 * they need no quotes from the user.
 */
final class SqlRewrite {
    private static final Set<String> RESERVED_TABLE_NAMES = Set.of("GROUPS");

    private SqlRewrite() {
    }

    static RewrittenSql of(String sql) {
        List<Token> t = SqlTokens.of(sql);
        RewrittenSql.Builder b = new RewrittenSql.Builder(sql);
        for (int i = 1; i < t.size(); i++) {
            Token name = t.get(i);
            Token before = t.get(i - 1);
            boolean tablePosition = before.isWord("FROM") || before.isWord("JOIN")
                    || before.isSymbol('.') && i >= 2 && t.get(i - 2).isWord(SysqlSchema.NAME);
            if (tablePosition && name.kind() == SqlTokens.Kind.WORD && RESERVED_TABLE_NAMES.contains(name.upper())) {
                b.replace(name.start(), name.end(), "\"" + name.text() + "\"", name.start());
            }
        }
        AsOfRewriter.rewrite(sql, t, b);
        return b.build();
    }
}
