package io.sysql.sql;

/** A query stopped before its end because it was cancelled or ran out of time. */
public final class QueryStoppedException extends RuntimeException {
    QueryStoppedException(String message) {
        super(message);
    }
}
