package io.sysql.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.sysql.jdbc.server.Pages;
import io.sysql.sql.Fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ui: one page (the report's timeline and process lifetimes, a cursor, the ps/lsof/netstat panes AS OF
 * it, the events around it, a search of written data, an SQL box) and the JSON requests it makes, served
 * by sysql's server ({@code ui}, {@code serve --ui}) over one connection, one request at a time.
 */
final class UiPages implements Pages {
    static final int MAX_ROWS = 1000;

    /** Most bytes of one JSON answer: rows beyond it are left out, as rows beyond {@link #MAX_ROWS} are. */
    static final int MAX_BYTES = 1 << 20;
    /** Slices of the ui's timeline: one click picks an event within a slice, so finer than the report's. */
    static final int TIMELINE_SLICES = 200;
    /** Events shown on each side of the cursor. */
    static final int AROUND = 10;
    /** Statements kept prepared: each pane's with the filters last used on it, and the events'. */
    static final int PREPARED = 32;
    /** Timelines kept drawn. */
    static final int TIMELINES = 16;
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");
    private static final Pattern TIME = Pattern.compile("\\d{1,19}");
    private static final Map<String, StateChisel> PANES = Map.of("ps", new PsCommand(), "lsof", new LsofCommand(),
            "netstat", new NetstatCommand());
    static final String EVENTS_SQL = """
            SELECT num, ts, pid, proc_name, type, fd_name, res, errno_name, buffer
            FROM events
            WHERE num BETWEEN ? AND ?
            ORDER BY num""";
    static final String WRITES_SQL = """
            SELECT num, ts, pid, proc_name, type, fd_name, res, buffer
            FROM events
            WHERE type IN ('write', 'pwrite64', 'writev', 'pwritev', 'sendto', 'sendmsg') AND POSITION(CAST(? AS VARCHAR) IN buffer) > 0
            ORDER BY num""";
    private static final JsonFactory JSON = new JsonFactory();

    private final Connection capture;
    private final Path dir;
    private final int queryTimeoutSeconds;
    /** Draws the timeline, its statements kept prepared. */
    private final HtmlReport report = new HtmlReport();
    /**
     * Timelines drawn, by what was asked and the capture's last event then (a capture being recorded grows):
     * each page load asks for the whole capture's again, and going back out of a zoom for the wider one.
     */
    private final Map<String, byte[]> timelines = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > TIMELINES;
        }
    };
    /** Statements prepared by their SQL, the least recently used closed beyond {@link #PREPARED}. */
    private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= PREPARED) {
                return false;
            }
            try {
                eldest.getValue().close();
            } catch (SQLException e) {
                throw new IllegalStateException("closing a statement of the ui", e);
            }
            return true;
        }
    };
    /** The ui of the capture in {@code dir} over {@code capture}; each query stopped after that many seconds (0: never). */
    UiPages(Connection capture, Path dir, int queryTimeoutSeconds) {
        this.capture = capture;
        this.dir = dir;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        Thread warmUp = new Thread(this::warmUp, "sysql ui warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /**
     * Once the server listens, what the page asks first: the whole timeline (counted and kept) and the view at
     * the last event (its statements planned, and the code they run compiled), so the first page load after
     * start does not wait for all of it. The page's own requests say what went wrong, if anything did.
     */
    private void warmUp() {
        try {
            get("/api/timeline", Map.of());
            get("/api/view", Map.of("at", Long.toString(TimelineCounts.captureOf(capture).refresh())));
        } catch (SQLException | RuntimeException e) {
            // Reported by the page's own requests.
        }
    }

    /**
     * Refuses, in one line, directories that are not one capture: the page's cursor, panes and timeline are
     * one capture's (event numbers are per capture).
     */
    static void refuseSeveral(List<Path> dirs) {
        if (dirs.size() > 1) {
            throw new UserError("the ui shows one capture, not " + dirs.size() + ": give it one capture directory");
        }
        if (Fleet.holdsCaptures(dirs.get(0))) {
            throw new UserError("the ui shows one capture, and " + dirs.get(0) + " holds several: give it one of them");
        }
    }

    /**
     * The page answers at once, the requests one at a time over the one connection: the page does not wait
     * for a timeline being counted (the warm-up's, at start), so it shows while the timeline is.
     */
    @Override
    public Answer get(String path, Map<String, String> q) {
        try {
            if (path.equals("/")) {
                return new Answer(200, "text/html; charset=utf-8", page().getBytes(StandardCharsets.UTF_8));
            }
            synchronized (this) {
                return request(path, q);
            }
        } catch (SQLException e) {
            return error(400, SqlErrors.describe(e));
        }
    }

    private Answer request(String path, Map<String, String> q) throws SQLException {
        return switch (path) {
            case "/api/timeline" -> timeline(q);
            case "/api/view" -> view(q);
            case "/api/first" -> first(q.getOrDefault("where", ""));
            case "/api/at" -> at(q.getOrDefault("time", ""));
            case "/api/writes" -> writes(q.getOrDefault("text", ""));
            case "/api/sql" -> rows(q.getOrDefault("q", ""));
            default -> error(404, "no such page or request: " + path);
        };
    }

    /**
     * The page, without its timeline: the page asks for that ({@code /api/timeline}) once it shows. Its last
     * event is read from the capture, not by SQL, which would wait for the connection.
     */
    private String page() throws SQLException {
        String events = Long.toString(TimelineCounts.captureOf(capture).refresh());
        try (InputStream in = UiPages.class.getResourceAsStream("ui.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{CSS}}", HtmlReport.CSS)
                    .replace("{{PATH}}", HtmlReport.esc(dir.toAbsolutePath().toString()))
                    .replace("{{LAST}}", events)
                    .replace("{{ZONE}}", HtmlReport.esc(ZoneId.systemDefault().getId()));
        } catch (IOException e) {
            throw new UncheckedIOException("the ui page is missing from the build", e);
        }
    }

    /**
     * The timeline and process lifetimes of a span (from=NS&to=NS since the epoch, until before to; the
     * whole capture without them) stacked by=category|process, as HTML: counted for each request, so a zoom
     * is drawn at a finer slice.
     */
    private Answer timeline(Map<String, String> q) throws SQLException {
        TimelineCounts.By by = TimelineCounts.By.of(q.getOrDefault("by", "category"));
        boolean whole = !q.containsKey("from") && !q.containsKey("to");
        long[] span = whole ? null : new long[] {nanos(q.get("from")), nanos(q.get("to"))};
        if (by == null || span != null && !(span[0] >= 0 && span[0] < span[1])) {
            return error(400, "a timeline needs by=category|process, and from=NS and to=NS (since the epoch, from"
                    + " before to) or neither for the whole capture");
        }
        String asked = by + " " + (whole ? "whole" : span[0] + " " + span[1]) + " "
                + TimelineCounts.captureOf(capture).refresh();
        byte[] html = timelines.get(asked);
        if (html == null) {
            html = (whole ? report.overview(capture, by, TIMELINE_SLICES)
                    : report.overview(capture, span, TIMELINE_SLICES, by)).getBytes(StandardCharsets.UTF_8);
            timelines.put(asked, html);
        }
        return new Answer(200, "text/html; charset=utf-8", html);
    }

    /** Nanoseconds since the epoch in decimal, or -1 when that is not what {@code s} is. */
    private static long nanos(String s) {
        try {
            return s == null || !TIME.matcher(s).matches() ? -1 : Long.parseLong(s);
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    /**
     * What a cursor move shows, in one answer: the events around event at=N and each pane AS OF it, filtered
     * by its own parameter (ps=CONDITION ...). One request, not four: the server answers one at a time anyway.
     */
    private Answer view(Map<String, String> q) throws SQLException {
        String at = q.getOrDefault("at", "");
        if (!NUMBER.matcher(at).matches()) {
            return error(400, "a view needs at=EVENT_NUMBER (and may have ps=, lsof=, netstat= conditions)");
        }
        long n = Long.parseLong(at);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"events\":".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(json(EVENTS_SQL, prepared(EVENTS_SQL), MAX_ROWS, Math.max(0, n - AROUND), n + AROUND));
        for (Map.Entry<String, StateChisel> pane : PANES.entrySet()) {
            String where = q.getOrDefault(pane.getKey(), "");
            String sql = pane.getValue().sql(" AS OF ?", where.isBlank() ? "TRUE" : where);
            // The chisel's tables, each AS OF the same point.
            Object[] points = new Object[sql.split(" AS OF \\?", -1).length - 1];
            Arrays.fill(points, n);
            byte[] rows;
            try {
                rows = json(sql.replace(" AS OF ?", " AS OF " + at), prepared(sql), MAX_ROWS, points);
            } catch (SQLException e) {
                return error(400, pane.getKey() + ": " + SqlErrors.describe(e));
            }
            out.writeBytes((",\"" + pane.getKey() + "\":").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(rows);
        }
        out.writeBytes("}".getBytes(StandardCharsets.UTF_8));
        return new Answer(200, "application/json", out.toByteArray());
    }

    private Answer first(String where) throws SQLException {
        if (where.isBlank()) {
            return error(400, "the first event where what? give a condition on events, e.g. type = 'procexit'");
        }
        try (Statement st = statement();
             ResultSet rs = st.executeQuery("SELECT MIN(num) AS num FROM events WHERE " + where)) {
            rs.next();
            long num = rs.getLong(1);
            return rs.wasNull() ? error(404, "no event matches " + where)
                    : new Answer(200, "application/json", ("{\"num\":" + num + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The event the state at a time is AS OF: the last at or before it, to the nanosecond (0 before the first;
     * SQL's {@code AS OF TIMESTAMP} reads milliseconds).
     */
    private Answer at(String time) throws SQLException {
        Long nanos = When.epochNanos(time, ZoneId.systemDefault());
        if (nanos == null) {
            return error(400, "not a time: '" + time + "'; write e.g. 2026-11-26 10:00:00.123456789 (on the server's"
                    + " clock, " + ZoneId.systemDefault().getId() + "), or with Z or an offset");
        }
        long num = TimelineCounts.captureOf(capture).lastNumAtOrBefore(nanos);
        return new Answer(200, "application/json", ("{\"num\":" + num + "}").getBytes(StandardCharsets.UTF_8));
    }

    private Answer writes(String text) throws SQLException {
        if (text.isEmpty()) {
            return error(400, "search for what? give the text a write's data holds");
        }
        return rows(WRITES_SQL, text);
    }

    /** The rows of a statement as JSON, with its SQL, at most {@link #MAX_ROWS} rows and {@link #MAX_BYTES} bytes. */
    private Answer rows(String sql, Object... params) throws SQLException {
        try (PreparedStatement st = capture.prepareStatement(sql)) {
            return new Answer(200, "application/json", json(sql, st, MAX_ROWS, params));
        }
    }

    /** The JSON of at most {@code maxRows} rows of a statement already prepared, shown as {@code sql}. */
    private byte[] json(String sql, PreparedStatement st, int maxRows, Object... params) throws SQLException {
        limit(st);
        st.setMaxRows(maxRows + 1);
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = st.executeQuery()) {
            return json(sql, rs, maxRows);
        }
    }

    /**
     * The statement of {@code sql}, prepared once: a cursor move runs the same few statements at another
     * point, and planning one costs more than running it.
     */
    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement st = prepared.get(sql);
        if (st == null) {
            st = capture.prepareStatement(sql);
            prepared.put(sql, st);
        }
        return st;
    }

    private static byte[] json(String sql, ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
        }
        // Counted as the JSON will spell them; the SQL, the column names and the framing fit in the rest.
        long budget = MAX_BYTES - 4096L - quoted(sql) - columns.stream().mapToLong(c -> quoted(c) + 1).sum();
        List<String[]> rows = new ArrayList<>();
        boolean cut = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                cut = true;
                break;
            }
            String[] row = new String[columns.size()];
            long size = 3;
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getString(i + 1);
                size += (row[i] == null ? 4 : quoted(row[i])) + 1;
            }
            if (size > budget) {
                cut = true;
                break;
            }
            budget -= size;
            rows.add(row);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("sql", sql);
            json.writeNumberField("max_rows", maxRows);
            json.writeBooleanField("cut", cut);
            json.writeArrayFieldStart("columns");
            for (String c : columns) {
                json.writeString(c);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("rows");
            for (String[] row : rows) {
                json.writeArray(row, 0, row.length);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Bytes of a string in JSON, quotes and escapes included. */
    private static long quoted(String s) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(s).length + 2L;
    }

    private Statement statement() throws SQLException {
        Statement st = capture.createStatement();
        limit(st);
        return st;
    }

    private void limit(Statement st) throws SQLException {
        if (queryTimeoutSeconds > 0) {
            st.setQueryTimeout(queryTimeoutSeconds);
        }
    }

    private static Answer error(int status, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Answer(status, "application/json", out.toByteArray());
    }
}
