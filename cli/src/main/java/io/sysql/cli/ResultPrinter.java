package io.sysql.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a JDBC result set as an aligned table, CSV (RFC 4180) or a JSON array of objects. NULL is told
 * apart from the empty string: {@code NULL} in a table, an empty field in CSV (where the empty string
 * is {@code ""}), {@code null} in JSON. A table can be held to a width (a terminal's): long cells are
 * cut with an ellipsis, and rows that cannot fit even so are printed vertically, one line per column.
 */
final class ResultPrinter {
    static final String NULL = "NULL";
    /** The narrowest a column is cut to before a table gives up and prints vertically. */
    private static final int NARROWEST = 8;

    private final OutputFormat format;
    private final PrintStream out;
    private int width;
    private boolean vertical;
    private List<String> headers;

    ResultPrinter(OutputFormat format, PrintStream out) {
        this.format = format;
        this.out = out;
    }

    /** Fits tables into {@code columns} characters (0: no limit). */
    ResultPrinter width(int columns) {
        this.width = columns;
        return this;
    }

    /** Prints tables vertically, one line per column of each row. */
    ResultPrinter vertical(boolean on) {
        this.vertical = on;
        return this;
    }

    /** Headers to show in a table instead of the column names (csv and json keep the names). */
    ResultPrinter headers(List<String> tableHeaders) {
        this.headers = tableHeaders;
        return this;
    }

    /** Prints all rows; returns how many. */
    int print(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] names = new String[n];
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            names[i] = md.getColumnLabel(i + 1);
            numeric[i] = isNumeric(md.getColumnType(i + 1));
        }
        switch (format) {
            case csv:
                return printCsv(rs, names);
            case json:
                return printJson(rs, names, numeric, md);
            default:
                return printTable(rs, headers == null ? names : headers.toArray(new String[0]), numeric);
        }
    }

    private static boolean isNumeric(int type) {
        switch (type) {
            case Types.BIGINT: case Types.INTEGER: case Types.SMALLINT: case Types.TINYINT:
            case Types.DOUBLE: case Types.FLOAT: case Types.REAL: case Types.DECIMAL: case Types.NUMERIC:
                return true;
            default:
                return false;
        }
    }

    private int printTable(ResultSet rs, String[] names, boolean[] numeric) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        int[] width = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            width[i] = names[i].length();
        }
        while (rs.next()) {
            String[] row = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                String v = rs.getString(i + 1);
                row[i] = v == null ? NULL : v.replace('\n', ' ');
                width[i] = Math.max(width[i], row[i].length());
            }
            rows.add(row);
        }
        if (vertical || this.width > 0 && !fit(width, this.width)) {
            printVertical(names, rows);
            return rows.size();
        }
        out.println(line(names, width, numeric));
        for (String[] row : rows) {
            out.println(line(row, width, numeric));
        }
        return rows.size();
    }

    /** Narrows the widest columns until a line fits {@code limit}; false when it cannot. */
    private static boolean fit(int[] width, int limit) {
        int total = 2 * (width.length - 1);
        for (int w : width) {
            total += w;
        }
        while (total > limit) {
            int widest = 0;
            for (int i = 1; i < width.length; i++) {
                if (width[i] > width[widest]) {
                    widest = i;
                }
            }
            if (width[widest] <= NARROWEST) {
                return false;
            }
            width[widest]--;
            total--;
        }
        return true;
    }

    private void printVertical(String[] names, List<String[]> rows) {
        int nameWidth = 0;
        for (String name : names) {
            nameWidth = Math.max(nameWidth, name.length());
        }
        for (int r = 0; r < rows.size(); r++) {
            out.println("-[ row " + (r + 1) + " ]" + "-".repeat(Math.max(0, nameWidth - 4)));
            for (int i = 0; i < names.length; i++) {
                out.println(names[i] + " ".repeat(nameWidth - names[i].length()) + " | " + rows.get(r)[i]);
            }
        }
    }

    private static String line(String[] cells, int[] width, boolean[] numeric) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            boolean last = i == cells.length - 1;
            String cell = cells[i].length() > width[i] ? cells[i].substring(0, width[i] - 1) + "…" : cells[i];
            String pad = " ".repeat(width[i] - cell.length());
            if (numeric[i]) {
                sb.append(pad).append(cell);
            } else {
                sb.append(cell);
                if (!last) {
                    sb.append(pad);
                }
            }
        }
        return sb.toString();
    }

    private int printCsv(ResultSet rs, String[] names) throws SQLException {
        out.println(csvLine(names));
        int count = 0;
        String[] row = new String[names.length];
        while (rs.next()) {
            for (int i = 0; i < names.length; i++) {
                row[i] = rs.getString(i + 1);
            }
            out.println(csvLine(row));
            count++;
        }
        return count;
    }

    private static String csvLine(String[] cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells[i];
            if (c == null) {
                continue;
            }
            if (c.isEmpty() || c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private int printJson(ResultSet rs, String[] names, boolean[] numeric, ResultSetMetaData md)
            throws SQLException {
        int count = 0;
        out.print('[');
        while (rs.next()) {
            out.print(count == 0 ? "\n  {" : ",\n  {");
            for (int i = 0; i < names.length; i++) {
                if (i > 0) {
                    out.print(", ");
                }
                out.print(jsonString(names[i]));
                out.print(": ");
                Object v = rs.getObject(i + 1);
                if (v == null) {
                    out.print("null");
                } else if (v instanceof Double && !Double.isFinite((Double) v)
                        || v instanceof Float && !Float.isFinite((Float) v)) {
                    out.print(jsonString(v.toString())); // JSON has no NaN or Infinity
                } else if (numeric[i] || md.getColumnType(i + 1) == Types.BOOLEAN) {
                    out.print(v);
                } else {
                    out.print(jsonString(rs.getString(i + 1)));
                }
            }
            out.print('}');
            count++;
        }
        out.println(count == 0 ? "]" : "\n]");
        return count;
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
