package io.sysql.sql;

/**
 * {@code "$AS_OF_ONE_ROW"(rows, values)}: the check {@link AsOfRewriter} puts on the subquery of
 * {@code AS OF (SELECT ...)}, which must give exactly one event number. Without it several rows would
 * each give a state (summed into one answer) and no row or NULL the empty state, silently.
 */
public final class AsOfSubquery {
    /** Quoted in the rewritten SQL: no name a user would type. */
    public static final String NAME = "$AS_OF_ONE_ROW";

    private AsOfSubquery() {
    }

    /**
     * @param rows   the subquery's rows
     * @param values its non-null values
     * @return true when it gave one event number; otherwise the query stops with why
     */
    public static boolean check(long rows, long values) {
        if (rows == 0) {
            throw new SysqlQueryException("AS OF (SELECT ...) gave no row: it must give one event number");
        }
        if (rows > 1) {
            throw new SysqlQueryException("AS OF (SELECT ...) gave " + rows + " rows: it must give one event number"
                    + " (MIN(num) or MAX(num) picks one)");
        }
        if (values == 0) {
            throw new SysqlQueryException("AS OF (SELECT ...) gave NULL: it must give one event number"
                    + " (MIN(num) is NULL when no event matches)");
        }
        return true;
    }
}
