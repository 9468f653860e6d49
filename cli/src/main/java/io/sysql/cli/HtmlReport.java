package io.sysql.cli;

import io.sysql.capture.event.EventKind;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The capture as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched. Every
 * section is SQL over the tables, shown under it, so the report also teaches them.
 */
final class HtmlReport implements CaptureExport {
    /** Calls: not the snapshot's state nor the capture's own events. */
    static final String CALLS = "category NOT IN ('snapshot', 'meta')";
    /** The timeline's colour of each category of call (events.category). */
    static final Map<String, String> COLORS = new LinkedHashMap<>();

    static {
        COLORS.put("file", "#2e86de");
        COLORS.put("net", "#27ae60");
        COLORS.put("ipc", "#f39c12");
        COLORS.put("process", "#8e44ad");
        COLORS.put("memory", "#b0b7bd");
        COLORS.put("signal", "#c0392b");
        COLORS.put("time", "#16a085");
        COLORS.put("other", "#6c7a89");
    }

    static final int BUCKETS = 60;
    static final int MAX_LANES = 40;
    static final int MAX_ROWS = 200;
    /** Processes alive in a span ({@code ?, ?}: from, until before); the lanes keep those that made calls in it. */
    static final String LANES_SQL = """
            SELECT upid, pid, name, start_ts, exit_ts, exit_code
            FROM processes_history
            WHERE (exit_ts IS NULL OR exit_ts >= ?) AND (start_ts IS NULL OR start_ts < ?)
            ORDER BY upid, valid_from_num""";
    /** The colours of the processes a timeline stacked by process draws on their own, most calls first. */
    static final List<String> PROCESS_COLORS = List.of("#2e86de", "#27ae60", "#f39c12", "#8e44ad", "#16a085",
            "#d35400", "#e84393", "#2c3e50");
    static final String TOP_PROCESSES_SQL = """
            SELECT pid, proc_name, COUNT(*) AS calls,
                   SUM(CASE WHEN failed THEN 1 ELSE 0 END) AS failed,
                   SUM(latency_ns) / 1000 AS us_in_calls
            FROM events
            WHERE %s
            GROUP BY pid, proc_name
            ORDER BY calls DESC, pid
            LIMIT 10""".formatted(CALLS);
    static final String BYTES = """
                   SUM(CASE WHEN type IN ('read', 'pread64', 'readv', 'preadv', 'recvfrom', 'recvmsg') AND res > 0
                            THEN res ELSE 0 END) AS bytes_in,
                   SUM(CASE WHEN type IN ('write', 'pwrite64', 'writev', 'pwritev', 'sendto', 'sendmsg') AND res > 0
                            THEN res ELSE 0 END) AS bytes_out""";
    static final String TOP_FILES_SQL = """
            SELECT fd_name AS file, COUNT(*) AS calls, COUNT(DISTINCT pid) AS processes,
            %s
            FROM events
            WHERE %s AND fd_type IN ('file', 'directory') AND fd_name IS NOT NULL
            GROUP BY fd_name
            ORDER BY calls DESC, file
            LIMIT 10""".formatted(BYTES, CALLS);
    static final String TOP_CONNECTIONS_SQL = """
            SELECT fd_name AS connection, fd_type, proc_name, COUNT(*) AS calls,
            %s
            FROM events
            WHERE %s AND fd_type IN ('ipv4', 'ipv6')
            GROUP BY fd_name, fd_type, proc_name
            ORDER BY calls DESC, connection
            LIMIT 10""".formatted(BYTES, CALLS);
    static final String EXITED_WITH_FDS_SQL = """
            SELECT e.num AS exit_num, e.pid, e.proc_name, f.fd, f.type, f.name
            FROM events e, LATERAL TABLE(fds_at(e.num, e.pid)) f
            WHERE e.ends_process AND f.fd > 2
            ORDER BY e.num, f.fd
            LIMIT %d""".formatted(MAX_ROWS);
    static final String FAILED_CALLS_SQL = """
            SELECT errno_name, type, COUNT(*) AS calls, MIN(num) AS first_num
            FROM events
            WHERE failed
            GROUP BY errno_name, type
            ORDER BY calls DESC, errno_name, type
            LIMIT %d""".formatted(MAX_ROWS);
    static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;
            color:#1d2731;padding:0 1em}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #dde3e8}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em}dt{color:#5b6b79}dd{margin:0}
            table{border-collapse:collapse;margin:.5em 0}th,td{padding:.2em .7em;border-bottom:1px solid #eef1f4;
            text-align:left;vertical-align:top}th{background:#f4f6f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
            details{margin:.4em 0}summary{cursor:pointer;color:#5b6b79}pre{background:#f4f6f8;padding:.7em;overflow:auto}
            .note{color:#5b6b79}svg text{font:11px system-ui,sans-serif;fill:#1d2731}
            .legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:.9em;height:.9em;
            margin-right:.3em;vertical-align:-.1em}
            """;

    private Connection capture;
    /** {@link #LANES_SQL}, prepared once: the ui draws the lanes again for every zoom. */
    private PreparedStatement lanes;

    @Override
    public void write(Connection capture, OutputStream out) throws SQLException, IOException {
        this.capture = capture;
        Map<String, String> info = firstRow("SELECT * FROM capture");
        StringBuilder html = new StringBuilder(1 << 16);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>sysql report: ").append(esc(info.get("path"))).append("</title><style>").append(CSS)
                .append("</style></head><body>\n<h1>sysql report</h1>\n<dl>");
        for (String key : List.of("path", "command", "host", "kernel", "source", "start_ts", "end_ts", "events",
                "drops", "state")) {
            String value = info.get(key);
            if (value != null && !value.isBlank()) {
                html.append("<dt>").append(esc(key)).append("</dt><dd>")
                        .append(esc(key.endsWith("_ts") ? instant(Long.parseLong(value)) : value)).append("</dd>");
            }
        }
        html.append("</dl>\n<p class=\"note\">Every section below is one SQL statement over the capture's tables"
                + " (unfold \"SQL\" under it); run it yourself with <code>sysql query DIR \"…\"</code> or"
                + " <code>sysql shell DIR</code>.</p>\n");
        html.append(overview(capture));
        section(html, "top-processes", "Top processes", "By number of calls; us_in_calls is the time spent inside them.",
                TOP_PROCESSES_SQL);
        section(html, "top-files", "Top files", "Files and directories by number of calls on them.", TOP_FILES_SQL);
        section(html, "top-connections", "Top connections", "IP sockets by number of calls on them.",
                TOP_CONNECTIONS_SQL);
        section(html, "exited-with-fds", "Processes that exited with fds open",
                "The fds beyond stdin, stdout and stderr each process still had when it exited: leaks, or files"
                        + " it left to the kernel to close. exit_num is the procexit event; <code>AS OF exit_num</code>"
                        + " shows the whole state then.", EXITED_WITH_FDS_SQL);
        section(html, "failed-calls", "Failed calls by errno", "first_num is the first such call's event number.",
                FAILED_CALLS_SQL);
        html.append("</body></html>\n");
        out.write(html.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The timeline and the process lifetimes of the whole capture, as HTML sections. */
    String overview(Connection capture) throws SQLException {
        return overview(capture, TimelineCounts.By.CATEGORY, BUCKETS);
    }

    /** {@link #overview(Connection)} in {@code slices} slices stacked {@code by} category or process. */
    String overview(Connection capture, TimelineCounts.By by, int slices) throws SQLException {
        long[] span = TimelineCounts.callSpan(TimelineCounts.captureOf(capture));
        return span == null ? "<p>The capture holds no system call.</p>" : overview(capture, span, slices, by);
    }

    /**
     * The timeline of the calls from time {@code span[0]} until before {@code span[1]} in {@code slices}
     * slices stacked {@code by} category or process, and the lifetimes of the processes that made them.
     */
    String overview(Connection capture, long[] span, int slices, TimelineCounts.By by) throws SQLException {
        this.capture = capture;
        TimelineCounts counts = TimelineCounts.count(TimelineCounts.captureOf(capture), span[0], span[1], slices);
        int calling = counts.processes().size();
        if (calling == 0) {
            return "<p>No system call from " + esc(instant(span[0])) + " until " + esc(instant(span[1])) + ".</p>";
        }
        List<Lane> lanes = lanes(span, counts.topProcesses(MAX_LANES));
        StringBuilder html = new StringBuilder();
        timeline(html, counts, by, lanes);
        lanes(html, counts, lanes, calling);
        return html.toString();
    }

    /** The calls of one category or process, per slice, and how the timeline draws them. */
    private record Series(String name, String color, long[] calls) {
    }

    /**
     * Calls per second, stacked by category or process, in the counts' slices, and a red mark under each
     * slice with failed calls. Each slice (and mark) carries its first event (failure) as {@code data-num}, and
     * the svg the span it draws and its geometry: the ui moves its cursor there when one is clicked, and
     * zooms into the time under a drag.
     */
    private void timeline(StringBuilder html, TimelineCounts counts, TimelineCounts.By by, List<Lane> lanes) {
        List<Series> series = new ArrayList<>();
        if (by == TimelineCounts.By.CATEGORY) {
            COLORS.forEach((name, color) -> series.add(new Series(name, color,
                    counts.callsOf(EventKind.Category.valueOf(name.toUpperCase(Locale.ROOT))))));
        } else {
            Map<Integer, String> names = new HashMap<>();
            for (Lane lane : lanes) {
                names.put(lane.pid, lane.name);
            }
            List<Integer> top = counts.topProcesses(TimelineCounts.TOP_PROCESSES);
            for (int i = 0; i < top.size(); i++) {
                int pid = top.get(i);
                series.add(new Series(names.getOrDefault(pid, "?") + " (" + pid + ")", PROCESS_COLORS.get(i),
                        counts.callsOf(pid)));
            }
            long[] others = counts.callsOfOthers(top);
            if (Arrays.stream(others).sum() > 0) {
                series.add(new Series("other processes", COLORS.get("other"), others));
            }
        }
        int buckets = counts.slices();
        double seconds = counts.width / 1e9;
        double peak = 1;
        for (int b = 0; b < buckets; b++) {
            long total = 0;
            for (Series s : series) {
                total += s.calls[b];
            }
            peak = Math.max(peak, total / seconds);
        }
        int w = 1000;
        int h = 240;
        int left = 60;
        int bottom = 50;
        int failedRow = h - bottom + 4;
        double barWidth = (w - left - 10) / (double) buckets;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"calls per second by %s\" data-from=\"%d\""
                + " data-to=\"%d\" data-width=\"%d\" data-x0=\"%d\" data-bar=\"%s\" data-last=\"%d\">", w, h, w, h,
                by.column, counts.from, counts.to, counts.width, left, barWidth, counts.lastNum));
        for (int i = 0; i <= 4; i++) {
            double y = h - bottom - (h - bottom - 10) * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eef1f4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left, w - 10, y, y, left - 6, y + 4,
                    compact(peak * i / 4)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">failed</text>", left - 6,
                failedRow + 8));
        for (int b = 0; b < buckets; b++) {
            if (counts.firstNum[b] == Long.MAX_VALUE) {
                continue;
            }
            double x = left + b * barWidth;
            double y = h - bottom;
            long total = 0;
            for (Series s : series) {
                total += s.calls[b];
            }
            svg.append(String.format(Locale.ROOT, "<g class=\"slice\" data-num=\"%d\"><title>from event %d: %d calls,"
                    + " %d failed</title><rect x=\"%.1f\" y=\"10\" width=\"%.1f\" height=\"%d\" fill=\"transparent\"/>",
                    counts.firstNum[b], counts.firstNum[b], total, counts.failed[b], x, barWidth, h - bottom - 10));
            for (Series s : series) {
                long n = s.calls[b];
                if (n == 0) {
                    continue;
                }
                double barHeight = (n / seconds) / peak * (h - bottom - 10);
                y -= barHeight;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                                + " fill=\"%s\"><title>%s: %d calls</title></rect>", x, y, Math.max(1, barWidth - 1),
                        barHeight, s.color, esc(s.name), n));
            }
            svg.append("</g>");
            if (counts.failed[b] > 0) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"failed\" data-num=\"%d\" x=\"%.1f\" y=\"%d\""
                                + " width=\"%.1f\" height=\"10\" fill=\"#c0392b\"><title>%d failed calls, the first"
                                + " event %d</title></rect>", counts.firstFailedNum[b], x, failedRow,
                        Math.max(2, barWidth - 1), counts.failed[b], counts.firstFailedNum[b]));
            }
        }
        long[] span = {counts.from, counts.to};
        axis(svg, span, left, w - 40, h - bottom + 34);
        svg.append("</svg>");
        StringBuilder legend = new StringBuilder("<p class=\"legend\">");
        for (Series s : series) {
            legend.append("<span><i style=\"background:").append(s.color).append("\"></i>").append(esc(s.name))
                    .append("</span>");
        }
        legend.append("<span><i style=\"background:#c0392b\"></i>failed calls (under the bars)</span></p>");
        html.append("<section id=\"timeline\"><h2>Timeline</h2><p class=\"note\">Calls per second, stacked by ")
                .append(by == TimelineCounts.By.CATEGORY ? "what they are about"
                        : "process (the " + TimelineCounts.TOP_PROCESSES + " with most calls here, and the others)")
                .append("; each bar is ").append(duration(counts.width)).append(" of the capture, from ")
                .append(esc(instant(counts.from))).append(".</p>").append(svg).append(legend);
        sql(html, counts.sql(by));
        html.append("</section>\n");
    }

    /** A process's last version in a span: its exit (and start) null when not in the capture. */
    private record Lane(long upid, int pid, String name, Long start, Long exit, String exitCode) {
    }

    /**
     * The processes alive in the span that made calls in it among {@code pids}, each as its last version there,
     * in the order they started.
     */
    private List<Lane> lanes(long[] span, List<Integer> pids) throws SQLException {
        Map<Long, Lane> processes = new LinkedHashMap<>();
        Set<Integer> calling = new HashSet<>(pids);
        if (lanes == null) {
            lanes = capture.prepareStatement(LANES_SQL);
        }
        lanes.setLong(1, span[0]);
        lanes.setLong(2, span[1]);
        try (ResultSet rs = lanes.executeQuery()) {
            while (rs.next()) {
                if (calling.contains(rs.getInt(2))) {
                    processes.put(rs.getLong(1), new Lane(rs.getLong(1), rs.getInt(2), rs.getString(3),
                            longOrNull(rs, 4), longOrNull(rs, 5), rs.getString(6)));
                }
            }
        }
        return new ArrayList<>(processes.values()).subList(0, Math.min(MAX_LANES, processes.size()));
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /**
     * One lane per process that made calls: from its start (or the span's) to its exit (or the span's end),
     * and in it the most fds it had open in each of the timeline's slices (to the lane's own most). Each lane
     * carries its upid, pid and those counts ({@code data-fds}), and the svg each slice's last event
     * ({@code data-last-nums}) and the event before the first ({@code data-before}): the counts are AS OF those.
     */
    private void lanes(StringBuilder html, TimelineCounts counts, List<Lane> shown, int calling) throws SQLException {
        long[] span = {counts.from, counts.to};
        Map<Long, Integer> pidOfUpid = new LinkedHashMap<>();
        shown.forEach(lane -> pidOfUpid.put(lane.upid, lane.pid));
        FdCounts fds = FdCounts.count(TimelineCounts.captureOf(capture), counts, pidOfUpid);
        int w = 1000;
        int left = 200;
        int right = w - 150;
        int laneHeight = 22;
        int barHeight = laneHeight - 5;
        int h = shown.size() * laneHeight + 30;
        double scale = (right - left) / (double) Math.max(1, span[1] - span[0]);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"process lifetimes and open fds\""
                + " data-before=\"%d\" data-last-nums=\"%s\">", w, h, w, h, fds.before, joined(fds.lastNums)));
        for (int i = 0; i < shown.size(); i++) {
            Lane p = shown.get(i);
            long start = p.start == null ? span[0] : Math.max(span[0], p.start);
            long end = p.exit == null ? span[1] : Math.min(span[1], p.exit);
            double x = left + (start - span[0]) * scale;
            double width = Math.max(2, (end - start) * scale);
            int y = i * laneHeight + 4;
            String label = p.name + " (" + p.pid + ")";
            int[] open = fds.mostOpen(p.upid);
            int most = Arrays.stream(open).max().orElse(0);
            boolean running = p.exit == null || p.exit >= span[1];
            String exit = running ? "running" : "exit " + (p.exitCode == null ? "?" : p.exitCode);
            String fdNote = "up to " + most + (most == 1 ? " fd" : " fds");
            svg.append(String.format(Locale.ROOT, "<g class=\"lane\" data-upid=\"%d\" data-pid=\"%d\" data-fds=\"%s\">"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                            + "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\">"
                            + "<title>%s: %s, %s open at once</title></rect>", p.upid, p.pid, joined(open), left - 8, y + 13,
                    esc(truncate(label, 30)), x, y, width, barHeight, running ? "#c5d5e4" : "#9cc3ea",
                    esc(label), esc(exit), fdNote));
            if (most > 0) {
                svg.append("<path class=\"fds\" fill=\"#1f4e79\" fill-opacity=\".35\" stroke=\"#1f4e79\" stroke-width=\"1.2\""
                        + " pointer-events=\"none\" d=\"");
                fdSteps(svg, counts, open, most, start, end, span[0], left, scale, y + barHeight, barHeight - 2);
                svg.append("\"/>");
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s, %s</text></g>", right + 8, y + 13,
                    esc(exit), fdNote));
        }
        axis(svg, span, left, right, h - 6);
        svg.append("</svg>");
        html.append("<section id=\"lifetimes\"><h2>Process lifetimes and open fds</h2><p class=\"note\">Each process"
                + " that made calls in the timeline's span, from its start to its exit (light: still running at the"
                + " end); the shaded steps in its lane are the most fds it had open at once in each ")
                .append(duration(counts.width)).append(" slice (the lane's height: the most it had in the span,"
                        + " written after the lane), the rows of <code>fds AS OF</code> each event, counted from the"
                        + " fd versions of <code>fds_history</code> (the second statement).");
        if (calling > MAX_LANES) {
            html.append(" The ").append(MAX_LANES).append(" processes with most calls in the span, of ").append(calling)
                    .append(", are drawn.");
        }
        html.append("</p>").append(svg);
        sql(html, LANES_SQL.replaceFirst("\\?", Long.toString(span[0])).replaceFirst("\\?", Long.toString(span[1]))
                + ";\n\n" + fds.sql(List.copyOf(pidOfUpid.keySet())) + ";");
        html.append("</section>\n");
    }

    /**
     * The outline of a lane's open fds: a step per slice, within the lane's lifetime ({@code start} to
     * {@code end}), {@code height} pixels for the most, rising from {@code bottom}.
     */
    private static void fdSteps(StringBuilder d, TimelineCounts counts, int[] open, int most, long start, long end,
            long from, int left, double scale, int bottom, int height) {
        d.append(String.format(Locale.ROOT, "M%.1f %d", left + (start - from) * scale, bottom));
        int drawn = -1;
        long stepEnd = start;
        for (int s = 0; s < open.length; s++) {
            long sliceFrom = Math.max(start, counts.from + s * counts.width);
            long sliceTo = Math.min(end, counts.from + (s + 1) * counts.width);
            if (sliceFrom >= sliceTo) {
                continue;
            }
            if (open[s] != drawn) { // a step only where the count changes
                if (drawn >= 0) {
                    d.append(String.format(Locale.ROOT, "H%.1f", left + (stepEnd - from) * scale));
                }
                d.append(String.format(Locale.ROOT, "V%.1f", bottom - open[s] * height / (double) most));
                drawn = open[s];
            }
            stepEnd = sliceTo;
        }
        d.append(String.format(Locale.ROOT, "H%.1fV%dZ", left + (stepEnd - from) * scale, bottom));
    }

    private static String joined(long[] values) {
        return String.join(" ", Arrays.stream(values).mapToObj(Long::toString).toList());
    }

    private static String joined(int[] values) {
        return String.join(" ", Arrays.stream(values).mapToObj(Integer::toString).toList());
    }

    /** Time since the span's start, at five ticks. */
    private static void axis(StringBuilder svg, long[] span, int from, int to, int y) {
        for (int i = 0; i <= 4; i++) {
            double x = from + (to - from) * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, y,
                    duration((span[1] - span[0]) * i / 4)));
        }
    }

    /** A duration in the unit that keeps it readable: 1.25 s, 12.5 ms, 380 µs. */
    static String duration(long ns) {
        if (ns == 0) {
            return "0";
        }
        if (ns >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.3g s", ns / 1e9);
        }
        if (ns >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.3g ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.3g µs", ns / 1e3);
    }

    private void section(StringBuilder html, String id, String title, String note, String sql) throws SQLException {
        html.append("<section id=\"").append(id).append("\"><h2>").append(esc(title)).append("</h2><p class=\"note\">")
                .append(note).append("</p>");
        try (Statement st = capture.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            StringBuilder rows = new StringBuilder();
            int count = 0;
            while (rs.next()) {
                rows.append("<tr>");
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    rows.append(v instanceof Number ? "<td class=\"n\">" : "<td>")
                            .append(v == null ? "" : esc(v.toString())).append("</td>");
                }
                rows.append("</tr>");
                count++;
            }
            if (count == 0) {
                html.append("<p>None.</p>");
            } else {
                html.append("<table><thead><tr>");
                for (int i = 1; i <= n; i++) {
                    html.append("<th>").append(esc(md.getColumnLabel(i))).append("</th>");
                }
                html.append("</tr></thead><tbody>").append(rows).append("</tbody></table>");
            }
        }
        sql(html, sql);
        html.append("</section>\n");
    }

    private static void sql(StringBuilder html, String sql) {
        html.append("<details><summary>SQL</summary><pre>").append(esc(sql)).append("</pre></details>");
    }

    private Map<String, String> firstRow(String sql) throws SQLException {
        Map<String, String> row = new LinkedHashMap<>();
        try (Statement st = capture.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getString(i));
                }
            }
        }
        return row;
    }

    private static String instant(long ns) {
        return Instant.ofEpochSecond(0, ns).toString();
    }

    private static String compact(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
