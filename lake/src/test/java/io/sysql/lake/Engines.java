package io.sysql.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** Connections to sysql and DuckDB, and query results as sorted rows of text both engines print alike. */
final class Engines {
    private Engines() {
    }

    /** The repository's file of shipped lake SQL for an engine. */
    static Path shippedSql(String engine) {
        Path file = Path.of(System.getProperty("sysql.lake.sql", "sql")).resolve(engine + ".sql");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " not found: the lake module's sql/ holds it");
        }
        return file;
    }

    static Connection sysql(Path capture) throws SQLException {
        return sysql(List.of(capture));
    }

    /** sysql over several captures as one database (a host and capture column on every table). */
    static Connection sysql(List<Path> captures) throws SQLException {
        Properties p = new Properties();
        p.setProperty("timeZone", "UTC");
        return DriverManager.getConnection("jdbc:sysql:" + String.join(",", captures.stream().map(Path::toString).toList()), p);
    }

    /** DuckDB over the lake, with lake/sql/duckdb.sql run. */
    static Connection duckdb(Path lake) throws SQLException, IOException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            st.execute("SET VARIABLE lake = '" + lake.toString().replace("'", "''") + "'");
            for (String sql : LakeSql.statements(shippedSql("duckdb"))) {
                st.execute(sql);
            }
        }
        return c;
    }

    /** The rows of a query, each cell as text (null stays null), sorted so two engines' orders compare. */
    static List<List<String>> rows(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                rows.sort(Engines::compare);
                return rows;
            }
        }
    }

    /**
     * The column names of a table as sysql declares them, in order, but its TIMESTAMPs: they are the time twins of
     * {@code *_ts} columns, which sysql shows to the nanosecond and the lake holds to the microsecond, so they are
     * compared through those columns (and LakeExportTest checks each twin against its column in the lake).
     */
    static List<String> columnsButTimes(Connection sysql, String table) throws SQLException {
        try (Statement st = sysql.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                if (rs.getMetaData().getColumnType(i) != Types.TIMESTAMP) {
                    out.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
                }
            }
            return out;
        }
    }

    /** An engine's rows of cell objects as text (null stays null), sorted as {@link #rows} sorts them. */
    static List<List<String>> text(List<? extends List<?>> rows) {
        List<List<String>> out = new ArrayList<>(rows.size());
        for (List<?> r : rows) {
            out.add(r.stream().map(v -> v == null ? null : v.toString()).toList());
        }
        out.sort(Engines::compare);
        return out;
    }

    static int compare(List<String> a, List<String> b) {
        Comparator<String> cell = Comparator.nullsFirst(Comparator.naturalOrder());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = cell.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
