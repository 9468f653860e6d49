package io.sysql.sql;

import io.sysql.sql.SqlTokens.Token;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rewrites of the user's SQL text before Calcite parses it: the AS OF shorthand
 * ({@link AsOfRewriter}); table names that are reserved words in Calcite's grammar ({@code groups})
 * quoted where a table is expected ({@code FROM groups}, {@code JOIN groups}, {@code sysql.groups}), so
 * they need no quotes from the user; and ISO 8601 timestamp literals
 * ({@code TIMESTAMP '2026-11-26T10:00:00Z'}, {@code ...+01:00}, {@code ...T10:00}), which Calcite
 * refuses, as the wall-clock time they are in the connection's time zone (what a TIMESTAMP means).
 */
final class SqlRewrite {
    private static final Set<String> RESERVED_TABLE_NAMES = Set.of("GROUPS");
    private static final Pattern ISO_TIMESTAMP = Pattern.compile(
            "'(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)(Z|[+-]\\d{2}(?::?\\d{2})?)?'");

    private SqlRewrite() {
    }

    static RewrittenSql of(String sql, ZoneId zone) {
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
            Matcher iso = ISO_TIMESTAMP.matcher(name.text());
            if (before.isWord("TIMESTAMP") && name.kind() == SqlTokens.Kind.STRING && iso.matches()) {
                b.replace(name.start(), name.end(), "'" + wallClock(iso, zone) + "'", name.start());
            }
        }
        AsOfRewriter.rewrite(sql, t, b);
        return b.build();
    }

    /** An ISO timestamp as Calcite's literal: in {@code zone} when it names an instant (Z, an offset). */
    private static String wallClock(Matcher iso, ZoneId zone) {
        LocalDateTime local = LocalDateTime.parse(iso.group(1) + "T" + iso.group(2));
        String offset = iso.group(3);
        if (offset != null) {
            if (offset.length() == 3) {
                offset += ":00";
            } else if (offset.length() == 5) {
                offset = offset.substring(0, 3) + ":" + offset.substring(3);
            }
            local = local.atOffset(ZoneOffset.of(offset)).atZoneSameInstant(zone).toLocalDateTime();
        }
        String text = local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        if (local.getNano() != 0) {
            text += String.format(".%09d", local.getNano()).replaceAll("0+$", "");
        }
        return text;
    }
}
