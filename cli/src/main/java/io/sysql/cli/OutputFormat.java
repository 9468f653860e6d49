package io.sysql.cli;

/** How query results are printed: aligned for people, csv and json for programs. */
enum OutputFormat {
    table, csv, json
}
