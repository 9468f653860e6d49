package io.sysql.cli;

import io.sysql.sql.SqlTokens;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL text as statements ended by {@code ;}: what the shell reads before it runs anything, what
 * {@code \i} and {@code query -f} split a file into. A {@code ;} inside a string, a quoted name or a
 * comment ends nothing.
 */
final class SqlScript {
    private final List<String> statements;
    private final String rest;
    private final boolean complete;

    private SqlScript(List<String> statements, String rest, boolean complete) {
        this.statements = statements;
        this.rest = rest;
        this.complete = complete;
    }

    static SqlScript of(String text) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        boolean open = false;
        for (SqlTokens.Token t : SqlTokens.of(text)) {
            if (t.isSymbol(';')) {
                String s = text.substring(start, t.start()).trim();
                if (!s.isEmpty()) {
                    statements.add(s);
                }
                start = t.end();
                open = false;
            } else {
                open = true;
            }
        }
        return new SqlScript(statements, text.substring(start).trim(), !open);
    }

    /** The statements that a {@code ;} ended, without it. */
    List<String> statements() {
        return statements;
    }

    /** The text after the last {@code ;}: a statement still being typed, or nothing. */
    String rest() {
        return rest;
    }

    /** True when every statement has been ended by {@code ;} (comments may follow). */
    boolean complete() {
        return complete;
    }
}
