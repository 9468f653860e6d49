package io.sysql.sql.schema;

import io.sysql.storage.history.ProcessRow;

/** A process as the {@code processes} table shows it at a point: its version plus counts at that point. */
public record ProcessAt(ProcessRow process, long fdCount, long threadCount) {
}
