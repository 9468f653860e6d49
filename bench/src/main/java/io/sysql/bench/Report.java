package io.sysql.bench;

import java.util.List;

/** The figures as a text table or as JSON. */
final class Report {
    private Report() {
    }

    static String table(String header, List<Figure> figures) {
        StringBuilder out = new StringBuilder(header).append('\n');
        String row = "%-72s %14s %-12s %14s  %-48s %9s  %-28s %s%n";
        out.append(String.format(row, "figure", "value", "unit", "baseline", "baseline is", "ratio", "target", ""));
        for (Figure f : figures) {
            out.append(String.format(row, f.name(), number(f.value()), f.unit(), number(f.baseline()),
                    f.baselineName(), Double.isNaN(f.ratio()) ? "" : String.format("%.2fx", f.ratio()), f.target(),
                    f.target().isEmpty() ? "" : f.met() ? "met" : "MISSED"));
        }
        return out.toString();
    }

    static String json(String header, List<Figure> figures) {
        StringBuilder out = new StringBuilder("{\"run\": ").append(quote(header)).append(", \"figures\": [\n");
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            out.append(String.format("  {\"name\": %s, \"value\": %s, \"unit\": %s, \"baseline\": %s, "
                            + "\"baseline_is\": %s, \"ratio\": %s, \"target\": %s, \"met\": %s}%s%n",
                    quote(f.name()), jsonNumber(f.value()), quote(f.unit()), jsonNumber(f.baseline()),
                    quote(f.baselineName()), jsonNumber(f.ratio()), quote(f.target()),
                    f.target().isEmpty() ? "null" : f.met(), i + 1 < figures.size() ? "," : ""));
        }
        return out.append("]}\n").toString();
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Math.abs(v) >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
    }

    private static String jsonNumber(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format("%.3f", v);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
