package io.sysql.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Prints a JDBC result set as an aligned table, CSV (RFC 4180) or JSON lines of objects. */
final class ResultPrinter {
    private final OutputFormat format;
    private final PrintStream out;

    ResultPrinter(OutputFormat format, PrintStream out) {
        this.format = format;
        this.out = out;
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
                return printTable(rs, names, numeric);
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
                row[i] = v == null ? "" : v.replace('\n', ' ');
                width[i] = Math.max(width[i], row[i].length());
            }
            rows.add(row);
        }
        out.println(line(names, width, numeric));
        for (String[] row : rows) {
            out.println(line(row, width, numeric));
        }
        return rows.size();
    }

    private static String line(String[] cells, int[] width, boolean[] numeric) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            boolean last = i == cells.length - 1;
            String pad = " ".repeat(width[i] - cells[i].length());
            if (numeric[i]) {
                sb.append(pad).append(cells[i]);
            } else {
                sb.append(cells[i]);
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
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
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
