package io.sysql.sql.schema;

/** An /etc/group entry as it was at capture start. */
public record GroupEntry(int gid, String name) {
}
