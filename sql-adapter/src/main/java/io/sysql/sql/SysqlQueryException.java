package io.sysql.sql;

/** A query sysql refuses or cannot answer, with a message meant to be shown to the user as it is. */
public final class SysqlQueryException extends RuntimeException {
    public SysqlQueryException(String message) {
        super(message);
    }

    public SysqlQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
