package io.sysql.sql.schema;

import io.sysql.storage.history.ProcessRow;

/**
 * One ancestor of a process at a point: depth 1 is the parent. {@code ancestor} is null when only the
 * ancestor's pid is known (its parent was never seen in the capture, e.g. the kernel's pid 0).
 */
public record Ancestor(ProcessRow process, int depth, int ancestorPid, ProcessRow ancestor) {
}
