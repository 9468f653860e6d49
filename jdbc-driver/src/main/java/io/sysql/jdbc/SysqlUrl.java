package io.sysql.jdbc;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * A {@code jdbc:sysql:} URL: the capture directory (or several, separated by commas), then optional {@code ;name=value} connection
 * properties. Properties given to {@code connect} come first, the URL's override them, and sysql's
 * defaults fill in what neither sets.
 */
record SysqlUrl(List<String> paths, Properties properties) {

    static SysqlUrl parse(String url, Properties info) {
        String rest = url.substring(SysqlDriver.PREFIX.length());
        String[] parts = rest.split(";");
        Properties p = new Properties();
        p.setProperty("caseSensitive", "false");
        p.setProperty("unquotedCasing", "UNCHANGED");
        p.setProperty("quotedCasing", "UNCHANGED");
        p.setProperty("quoting", "DOUBLE_QUOTE");
        // NULLs after the values in both directions: "ORDER BY vm_rss_kb DESC" lists the biggest first,
        // not the kernel threads that have no memory size
        p.setProperty("defaultNullCollation", "LAST");
        if (info != null) {
            info.stringPropertyNames().forEach(k -> p.setProperty(k, info.getProperty(k)));
        }
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                p.setProperty(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
            }
        }
        List<String> paths = Arrays.stream(parts[0].split(",")).map(String::trim).toList();
        if (paths.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("no capture directory in " + url + " (expected " + SysqlDriver.PREFIX
                    + "/path/to/capture, or several separated by commas)");
        }
        return new SysqlUrl(paths, p);
    }
}
