package io.sysql.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Serve a page on loopback to look at a capture in a browser: the timeline, a cursor, the",
                "ps, lsof and netstat panes AS OF the cursor, and an SQL box. Read-only; no script or font",
                "comes from anywhere but this server."})
final class UiCommand implements Callable<Integer> {
    static final int MAX_ROWS = 1000;
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");
    private static final Map<String, StateChisel> PANES = Map.of("ps", new PsCommand(), "lsof", new LsofCommand(),
            "netstat", new NetstatCommand());

    @Parameters(index = "0", paramLabel = "DIR", description = "The capture directory.")
    Path dir;

    @Option(names = "--port", defaultValue = "8766", description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    private Connection capture;

    @Override
    public Integer call() throws Exception {
        capture = Connections.open(dir);
        String page = page();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new UserError("port " + port + " is in use on 127.0.0.1: choose another with --port (0: any free one)");
        }
        // One JDBC connection, one request at a time.
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/", ex -> {
            if (!ex.getRequestURI().getPath().equals("/")) {
                send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            } else {
                send(ex, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/api/", this::api);
        server.start();
        System.err.println("sysql: ui of " + dir.toAbsolutePath() + " at http://127.0.0.1:"
                + server.getAddress().getPort() + "/ (Ctrl-C stops it)");
        new CountDownLatch(1).await();
        return 0;
    }

    private String page() throws SQLException, IOException {
        String last;
        try (Statement st = capture.createStatement(); ResultSet rs = st.executeQuery("SELECT events FROM capture")) {
            rs.next();
            last = rs.getString(1);
        }
        try (InputStream in = UiCommand.class.getResourceAsStream("ui.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{CSS}}", HtmlReport.CSS)
                    .replace("{{PATH}}", HtmlReport.esc(dir.toAbsolutePath().toString()))
                    .replace("{{LAST}}", last)
                    .replace("{{OVERVIEW}}", new HtmlReport().overview(capture));
        }
    }

    private void api(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String sql;
        switch (ex.getRequestURI().getPath()) {
            case "/api/pane" -> {
                StateChisel pane = PANES.get(q.getOrDefault("name", ""));
                String at = q.getOrDefault("at", "");
                if (pane == null || !NUMBER.matcher(at).matches()) {
                    error(ex, 400, "a pane needs name=ps|lsof|netstat and at=EVENT_NUMBER (and may have where=CONDITION)");
                    return;
                }
                String where = q.getOrDefault("where", "");
                sql = pane.sql(" AS OF " + at, where.isBlank() ? "TRUE" : where);
            }
            case "/api/first" -> sql = "SELECT MIN(num) AS num FROM events WHERE " + q.getOrDefault("where", "FALSE");
            case "/api/sql" -> sql = q.getOrDefault("q", "");
            default -> {
                error(ex, 404, "no such request");
                return;
            }
        }
        try (Statement st = capture.createStatement()) {
            st.setMaxRows(MAX_ROWS);
            try (ResultSet rs = st.executeQuery(sql)) {
                if (ex.getRequestURI().getPath().equals("/api/first")) {
                    rs.next();
                    long num = rs.getLong(1);
                    if (rs.wasNull()) {
                        error(ex, 404, "no event matches " + q.get("where"));
                    } else {
                        send(ex, 200, "application/json", ("{\"num\":" + num + "}").getBytes(StandardCharsets.UTF_8));
                    }
                    return;
                }
                send(ex, 200, "application/json", rows(sql, rs));
            }
        } catch (SQLException e) {
            error(ex, 400, SqlErrors.describe(e));
        }
    }

    private static byte[] rows(String sql, ResultSet rs) throws SQLException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("sql", sql);
            json.writeNumberField("max_rows", MAX_ROWS);
            ResultSetMetaData md = rs.getMetaData();
            json.writeArrayFieldStart("columns");
            for (int i = 1; i <= md.getColumnCount(); i++) {
                json.writeString(md.getColumnLabel(i));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("rows");
            while (rs.next()) {
                json.writeStartArray();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    json.writeString(rs.getString(i));
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        }
        send(ex, status, "application/json", out.toByteArray());
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }
}
