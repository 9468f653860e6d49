package io.sysql.sql.schema;

/**
 * The SQL type of a column, as storage declares it; the SQL layer maps it to its engine's types.
 * Values a column's accessor returns: BIGINT a {@code Long}, INTEGER an {@code Integer}, VARCHAR a
 * {@code String}, BOOLEAN a {@code Boolean}, TIMESTAMP a {@code Long} of nanoseconds since the epoch
 * (the SQL layer turns it into its own timestamp representation).
 */
public enum SqlType {
    BIGINT,
    INTEGER,
    VARCHAR,
    BOOLEAN,
    TIMESTAMP
}
