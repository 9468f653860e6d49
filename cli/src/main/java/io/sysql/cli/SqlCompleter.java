package io.sysql.cli;

import io.sysql.sql.SqlTokens;
import io.sysql.sql.SqlTokens.Kind;
import io.sysql.sql.SqlTokens.Token;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tab completion in the shell, by where the cursor is in the statement: table names after FROM and
 * JOIN, the columns of a table after its name or alias and a dot ({@code p.fd_l} with
 * {@code processes p} in the statement), and otherwise the columns of the statement's tables,
 * keywords and functions. Backslash commands complete at the start of a line.
 */
final class SqlCompleter implements Completer {
    static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "JOIN", "LEFT", "INNER", "CROSS", "ON",
            "USING", "AS", "OF", "TIMESTAMP", "FOR", "SYSTEM_TIME", "EVT", "GROUP", "BY", "HAVING", "ORDER", "ASC",
            "DESC", "NULLS", "FIRST", "LAST", "LIMIT", "OFFSET", "DISTINCT", "AND", "OR", "NOT", "IN", "IS", "NULL",
            "LIKE", "BETWEEN", "EXISTS", "CASE", "WHEN", "THEN", "ELSE", "END", "UNION", "ALL", "WITH", "LATERAL",
            "TABLE", "TRUE", "FALSE", "INTERVAL");
    static final List<String> FUNCTIONS = List.of("COUNT", "SUM", "AVG", "MIN", "MAX", "COALESCE", "NULLIF", "CAST",
            "LOWER", "UPPER", "TRIM", "SUBSTRING", "CHAR_LENGTH", "POSITION", "REPLACE", "ABS", "ROUND", "FLOOR",
            "CEIL", "MOD", "EXTRACT", "CURRENT_TIMESTAMP", "TIMESTAMPADD", "TIMESTAMPDIFF", "LISTAGG");
    /** Words after a table (and its AS OF) that end it: anything else there is its alias. */
    private static final Set<String> AFTER_TABLE = Set.of("WHERE", "JOIN", "ON", "USING", "LEFT", "RIGHT", "INNER",
            "OUTER", "FULL", "CROSS", "NATURAL", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "FETCH", "UNION",
            "EXCEPT", "INTERSECT", "WINDOW", "FOR", "AS", "MATCH_RECOGNIZE", "TABLESAMPLE");
    /** Words after which a table name comes. */
    private static final Set<String> BEFORE_TABLE = Set.of("FROM", "JOIN");
    /** Words that end a FROM clause: after them a comma separates expressions, not tables. */
    private static final Set<String> AFTER_FROM = Set.of("WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "SELECT", "ON");

    private final ShellCatalog catalog;
    private final List<String> commands;

    SqlCompleter(ShellCatalog catalog, List<String> commands) {
        this.catalog = catalog;
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word().substring(0, line.wordCursor());
        int wordStart = line.cursor() - word.length();
        String before = line.line().substring(0, wordStart);
        if (before.isBlank() && word.startsWith("\\")) {
            commands.forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        if (before.trim().equals("\\d")) {
            catalog.tables().forEach(t -> candidates.add(candidate(t.name(), "", "tables", t.meaning())));
            return;
        }
        // The word may hold more than a name, e.g. "count(p.fd": complete only what follows its last symbol.
        int cut = word.length();
        while (cut > 0 && isNamePart(word.charAt(cut - 1))) {
            cut--;
        }
        String head = word.substring(0, cut);
        String typed = word.substring(cut);
        String statement = currentStatement(line.line(), wordStart);
        List<Token> tokensBefore = SqlTokens.of(statementBefore(line.line(), wordStart + cut));
        Map<String, ShellCatalog.Table> named = tablesOf(SqlTokens.of(statement));

        int dot = typed.lastIndexOf('.');
        if (dot >= 0) {
            String qualifier = typed.substring(0, dot);
            ShellCatalog.Table t = named.getOrDefault(qualifier.toLowerCase(Locale.ROOT), catalog.table(qualifier));
            if (t != null) {
                String prefix = head + typed.substring(0, dot + 1);
                t.columns().forEach(c -> candidates.add(candidate(c.name(), prefix, t.name(), c.meaning())));
            }
            return;
        }
        if (tablePosition(tokensBefore)) {
            catalog.tables().forEach(t -> candidates.add(candidate(t.name(), head, "tables", t.meaning())));
            catalog.functions().forEach(f -> candidates.add(candidate(f, head, "functions", "")));
            return;
        }
        Map<String, ShellCatalog.Table> seen = new LinkedHashMap<>();
        named.values().forEach(t -> seen.put(t.name(), t));
        if (seen.isEmpty()) {
            catalog.tables().forEach(t -> seen.put(t.name(), t));
        }
        for (ShellCatalog.Table t : seen.values()) {
            t.columns().forEach(c -> candidates.add(candidate(c.name(), head, "columns", c.meaning())));
        }
        KEYWORDS.forEach(k -> candidates.add(candidate(k, head, "keywords", "")));
        FUNCTIONS.forEach(f -> candidates.add(candidate(f, head, "functions", "")));
        catalog.tables().forEach(t -> candidates.add(candidate(t.name(), head, "tables", t.meaning())));
    }

    private static Candidate candidate(String value, String head, String group, String meaning) {
        return new Candidate(head + value, value, group, meaning.isEmpty() ? null : meaning, null, null, true);
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
    }

    /** The statement around the cursor: from the last {@code ;} before it to the next after it. */
    private static String currentStatement(String buffer, int cursor) {
        int start = statementStart(buffer, cursor);
        int end = buffer.indexOf(';', cursor);
        return buffer.substring(start, end < 0 ? buffer.length() : end);
    }

    private static String statementBefore(String buffer, int cursor) {
        return buffer.substring(statementStart(buffer, cursor), cursor);
    }

    private static int statementStart(String buffer, int cursor) {
        return buffer.lastIndexOf(';', cursor - 1) + 1;
    }

    /** True when the next word names a table: after FROM or JOIN, or after a comma in a FROM clause. */
    private static boolean tablePosition(List<Token> before) {
        if (before.isEmpty()) {
            return false;
        }
        Token last = before.get(before.size() - 1);
        if (last.kind() == Kind.WORD && BEFORE_TABLE.contains(last.upper())) {
            return true;
        }
        if (!last.isSymbol(',')) {
            return false;
        }
        int depth = 0;
        for (int i = before.size() - 2; i >= 0; i--) {
            Token t = before.get(i);
            if (t.isSymbol(')')) {
                depth++;
            } else if (t.isSymbol('(')) {
                if (depth-- == 0) {
                    return false;
                }
            } else if (depth == 0 && t.kind() == Kind.WORD) {
                if (t.isWord("FROM")) {
                    return true;
                }
                if (AFTER_FROM.contains(t.upper())) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * The tables a statement names, by the name it refers to them with: each table's own name and its
     * alias ({@code processes AS OF 10 p} gives "processes" and "p").
     */
    private Map<String, ShellCatalog.Table> tablesOf(List<Token> tokens) {
        Map<String, ShellCatalog.Table> named = new LinkedHashMap<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean listed = t.isSymbol(',') && tablePosition(tokens.subList(0, i + 1));
            if (!(t.kind() == Kind.WORD && BEFORE_TABLE.contains(t.upper())) && !listed) {
                continue;
            }
            int j = i + 1;
            String name = unquoted(tokens.get(j));
            while (j + 2 < tokens.size() && tokens.get(j + 1).isSymbol('.')) {
                j += 2;
                name = name + "." + unquoted(tokens.get(j));
            }
            ShellCatalog.Table table = catalog.table(name);
            if (table == null) {
                continue;
            }
            named.put(name.toLowerCase(Locale.ROOT), table);
            String alias = alias(tokens, j + 1);
            if (alias != null) {
                named.put(alias.toLowerCase(Locale.ROOT), table);
            }
        }
        return named;
    }

    /** The alias after a table whose name ends before {@code i}, past its arguments and any AS OF. */
    private static String alias(List<Token> tokens, int i) {
        i = skipGroup(tokens, i); // a table function's arguments
        if (i + 1 < tokens.size() && tokens.get(i).isWord("FOR") && tokens.get(i + 1).isWord("SYSTEM_TIME")) {
            i += 2;
        }
        if (i + 1 < tokens.size() && tokens.get(i).isWord("AS") && tokens.get(i + 1).isWord("OF")) {
            i += 2;
            if (i < tokens.size() && (tokens.get(i).isWord("TIMESTAMP") || tokens.get(i).isWord("EVT"))) {
                i++;
            }
            int after = skipGroup(tokens, i);
            i = after > i ? after : i + 1;
        }
        if (i < tokens.size() && tokens.get(i).isWord("AS")) {
            i++;
        }
        if (i >= tokens.size()) {
            return null;
        }
        Token t = tokens.get(i);
        if (t.kind() == Kind.QUOTED || t.kind() == Kind.WORD && !AFTER_TABLE.contains(t.upper())) {
            return unquoted(t);
        }
        return null;
    }

    /** The index after a parenthesised group starting at {@code i}; {@code i} when there is none. */
    private static int skipGroup(List<Token> tokens, int i) {
        if (i >= tokens.size() || !tokens.get(i).isSymbol('(')) {
            return i;
        }
        int depth = 0;
        for (int j = i; j < tokens.size(); j++) {
            if (tokens.get(j).isSymbol('(')) {
                depth++;
            } else if (tokens.get(j).isSymbol(')') && --depth == 0) {
                return j + 1;
            }
        }
        return tokens.size();
    }

    private static String unquoted(Token t) {
        return t.kind() == Kind.QUOTED ? t.text().substring(1, t.text().length() - 1) : t.text();
    }
}
