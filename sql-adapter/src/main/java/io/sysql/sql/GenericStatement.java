package io.sysql.sql;

import io.sysql.sql.SqlTokens.Kind;
import io.sysql.sql.SqlTokens.Token;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A query with the number literals it compares lifted out as parameters: {@code ... WHERE ts BETWEEN 5 AND 9}
 * becomes {@code ... WHERE ts BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)} with the values 5 and 9,
 * and {@code fds AS OF 12} becomes {@code fds AS OF ?} with 12. Queries that differ only in such literals
 * have the same {@link #text}, so they can share one plan ({@link PlanCache}), as PostgreSQL's generic
 * plans or Oracle's cursor sharing do.
 *
 * <p>A literal is lifted only where a parameter of the literal's own type means the same: an operand of a
 * comparison ({@code = <> != < <= > >=}) or a bound of {@code BETWEEN}, in a WHERE, HAVING or ON clause,
 * and an {@code AS OF} event number. The cast keeps the type Calcite gives the literal (INTEGER, BIGINT or
 * DECIMAL(p, s)), and the type is part of the text, so statements share a plan only with literals of the
 * same types. Never lifted: literals anywhere inside a select list (a result column is named by its text),
 * ORDER BY and GROUP BY (ordinals), LIMIT and OFFSET, window frames, signed numbers, exponents, strings,
 * typed literals ({@code TIMESTAMP '...'}, {@code INTERVAL '1' SECOND}), IN lists and function arguments.
 */
final class GenericStatement {
    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", "<=", ">", ">=");
    /** Words that start a clause: the clause a literal is in decides whether it is lifted. */
    private static final Set<String> CLAUSES = Set.of("SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT",
            "OFFSET", "FETCH", "WINDOW", "QUALIFY", "ON", "JOIN", "USING", "VALUES", "WITH", "UNION", "INTERSECT",
            "EXCEPT", "MINUS", "OVER", "PARTITION", "ROWS", "RANGE");
    /** Clauses whose comparisons may take a parameter. */
    private static final Set<String> FILTERS = Set.of("WHERE", "HAVING", "ON");
    /** Clauses a lifted literal may be nested in (a select list's text names its columns). */
    private static final Set<String> OUTER = Set.of("", "FROM", "JOIN", "WHERE", "HAVING", "ON", "WITH", "UNION",
            "INTERSECT", "EXCEPT", "MINUS");
    /** Constructs whose clauses this class does not follow: their statements are shared by their text only. */
    private static final Set<String> UNFOLLOWED = Set.of("MATCH_RECOGNIZE", "PIVOT", "UNPIVOT", "TABLESAMPLE");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");
    /** DECIMAL's largest precision in Calcite's default type system: wider literals stay literals. */
    private static final int MAX_PRECISION = 19;
    private static final JavaTypeFactoryImpl TYPES = new JavaTypeFactoryImpl();

    private final String text;
    private final List<Object> values;

    private GenericStatement(String text, List<Object> values) {
        this.text = text;
        this.values = values;
    }

    /** The text with the lifted literals' places taken by parameters. */
    String text() {
        return text;
    }

    /** The lifted literals, in the order of their parameters: Integer, Long or BigDecimal, as Calcite holds them. */
    List<Object> values() {
        return values;
    }

    /**
     * The generic form of {@code sql}; null for a statement that is not a query or has {@code ?} parameters of
     * its own (a prepared statement keeps its plan already).
     */
    static GenericStatement of(String sql) {
        List<Token> t = SqlTokens.of(sql);
        if (t.isEmpty() || !(t.get(0).isWord("SELECT") || t.get(0).isWord("WITH") || t.get(0).isWord("VALUES")
                || t.get(0).isSymbol('('))) {
            return null;
        }
        boolean follow = true;
        for (Token token : t) {
            if (token.kind() == Kind.PARAM) {
                return null;
            }
            follow &= !(token.kind() == Kind.WORD && UNFOLLOWED.contains(token.upper()));
        }
        StringBuilder out = new StringBuilder();
        List<Object> values = new ArrayList<>();
        Deque<Level> levels = new ArrayDeque<>();
        levels.push(new Level(""));
        int copied = 0;
        for (int i = 0; i < t.size(); i++) {
            Token token = t.get(i);
            Level level = levels.peek();
            if (token.isSymbol('(')) {
                levels.push(new Level(level.clause));
                continue;
            }
            if (token.isSymbol(')')) {
                if (levels.size() > 1) {
                    levels.pop();
                }
                continue;
            }
            if (token.kind() == Kind.WORD) {
                String word = token.upper();
                if (CLAUSES.contains(word)) {
                    level.clause = word;
                }
                if (word.equals("BETWEEN")) {
                    level.between = true;
                } else if (word.equals("AND") && level.between) {
                    level.between = false;
                    level.upperBound = i + 1;
                }
                continue;
            }
            if (token.kind() != Kind.NUMBER || !follow) {
                continue;
            }
            String replacement = null;
            Object value = null;
            if (isAsOfPoint(t, i) && levels.stream().allMatch(l -> OUTER.contains(l.clause))) {
                Object v = value(token.text());
                if (v != null && !(v instanceof BigDecimal)) {
                    value = ((Number) v).longValue();
                    replacement = "?";
                }
            } else if (FILTERS.contains(level.clause) && outerClausesAllow(levels) && isOperand(t, i, level)) {
                value = value(token.text());
                replacement = value == null ? null : "CAST(? AS " + typeName(token.text()) + ")";
            }
            if (replacement != null) {
                out.append(sql, copied, token.start()).append(replacement);
                copied = token.end();
                values.add(value);
            }
        }
        out.append(sql, copied, sql.length());
        return new GenericStatement(out.toString(), List.copyOf(values));
    }

    /** A parenthesis level of the statement: the clause it is in, and where a BETWEEN's upper bound is. */
    private static final class Level {
        String clause;
        /** A BETWEEN waits for its AND. */
        boolean between;
        /** The token after the AND of the last BETWEEN. */
        int upperBound = -1;

        Level(String clause) {
            this.clause = clause;
        }
    }

    private static boolean outerClausesAllow(Deque<Level> levels) {
        return levels.stream().skip(1).allMatch(l -> OUTER.contains(l.clause));
    }

    /**
     * Whether the number at {@code i} is a whole operand: after a comparison operator or as a bound of BETWEEN,
     * and not followed by anything that would make it part of a longer literal.
     */
    private static boolean isOperand(List<Token> t, int i, Level level) {
        Kind next = i + 1 < t.size() ? t.get(i + 1).kind() : Kind.SYMBOL;
        if (next != Kind.SYMBOL && next != Kind.WORD) {
            return false;
        }
        Token before = t.get(i - 1);
        return before.isWord("BETWEEN") || before.isWord("SYMMETRIC") || before.isWord("ASYMMETRIC")
                || level.upperBound == i || COMPARISONS.contains(operatorBefore(t, i));
    }

    /** The operator made of the adjacent symbols just before token {@code i}. */
    private static String operatorBefore(List<Token> t, int i) {
        StringBuilder op = new StringBuilder();
        int j = i - 1;
        int end = t.get(i).start();
        while (j >= 0 && t.get(j).kind() == Kind.SYMBOL && (op.isEmpty() || t.get(j).end() == end)
                && "<>=!".contains(t.get(j).text())) {
            op.insert(0, t.get(j).text());
            end = t.get(j).start();
            j--;
        }
        return op.toString();
    }

    /** {@code AS OF n}, the shorthand point (the standard {@code FOR SYSTEM_TIME AS OF} takes no bare number). */
    private static boolean isAsOfPoint(List<Token> t, int i) {
        boolean shorthand = i >= 2 && t.get(i - 1).isWord("OF") && t.get(i - 2).isWord("AS")
                && !(i >= 3 && t.get(i - 3).isWord("SYSTEM_TIME"));
        Token next = i + 1 < t.size() ? t.get(i + 1) : null;
        return shorthand && (next == null || next.isSymbol(')') || next.isSymbol(',') || next.kind() == Kind.WORD
                && next.start() > t.get(i).end());
    }

    /** The literal's value as Calcite holds it, or null when it stays a literal. */
    private static Object value(String number) {
        if (!PLAIN_NUMBER.matcher(number).matches()) {
            return null;
        }
        BigDecimal v = new BigDecimal(number.endsWith(".") ? number.substring(0, number.length() - 1) : number);
        if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return null;
        }
        RelDataType type = literal(number).createSqlType(TYPES);
        return switch (type.getSqlTypeName()) {
            case INTEGER -> v.intValueExact();
            case BIGINT -> v.longValueExact();
            case DECIMAL -> type.getPrecision() <= MAX_PRECISION ? v : null;
            default -> null;
        };
    }

    private static String typeName(String number) {
        RelDataType type = literal(number).createSqlType(TYPES);
        return switch (type.getSqlTypeName()) {
            case DECIMAL -> "DECIMAL(" + type.getPrecision() + ", " + type.getScale() + ")";
            default -> type.getSqlTypeName().getName();
        };
    }

    private static SqlNumericLiteral literal(String number) {
        return SqlLiteral.createExactNumeric(number, SqlParserPos.ZERO);
    }
}
