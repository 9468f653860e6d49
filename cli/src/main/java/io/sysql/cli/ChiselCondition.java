package io.sysql.cli;

/**
 * A condition a user gives a chisel ({@code --where}, or {@code --at} as a condition on events), put into
 * its SQL in parentheses. It may be any SQL expression, subqueries over other tables included (the user
 * could run them with {@code query} anyway), but it stays one condition: parentheses balanced outside
 * quotes, no comment, no {@code ;}. So it can only choose among the chisel's rows, never close the
 * parentheses to add a UNION, an ORDER BY or another statement.
 */
final class ChiselCondition {
    private ChiselCondition() {
    }

    /** {@code (text)}, or a {@link UserError} naming {@code option} when text is not one condition. */
    static String of(String option, String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = closingQuote(option, text, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                throw notOne(option, "a ')' closes nothing");
            } else if (c == ';') {
                throw notOne(option, "';' ends a statement");
            } else if (text.startsWith("--", i) || text.startsWith("/*", i)) {
                throw notOne(option, "it holds a comment");
            }
        }
        if (depth > 0) {
            throw notOne(option, "a '(' is not closed");
        }
        return "(" + text + ")";
    }

    /** The index of the quote ending the string or quoted name opened at {@code open} (doubled quotes escape). */
    private static int closingQuote(String option, String text, int open) {
        char quote = text.charAt(open);
        int end = text.indexOf(quote, open + 1);
        while (end >= 0 && end + 1 < text.length() && text.charAt(end + 1) == quote) {
            end = text.indexOf(quote, end + 2);
        }
        if (end < 0) {
            throw notOne(option, quote == '\'' ? "a string is not closed" : "a quoted name is not closed");
        }
        return end;
    }

    private static UserError notOne(String option, String why) {
        return new UserError(option + " takes one SQL condition, e.g. \"proc_name = 'nginx'\"; " + why);
    }
}
