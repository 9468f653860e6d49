package io.sysql.jdbc.server;

import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Avatica puts the server's full Java stack traces into every error response it sends (a query that failed,
 * a body it could not decode): they tell a client about the server's internals and nothing it can act on.
 * This response holds back an error answer and sends it with the one-line message only.
 */
final class TraceFreeErrors extends HttpServletResponseWrapper {
    /** The exception class names (qualified or not) Java's {@code toString} and Avatica put before a message. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("^([a-z][\\w$]*\\.)*[A-Z][\\w$]*(Exception|Error|Throwable): ");
    private static final Pattern CAUSE = Pattern.compile(" -> ");

    private final boolean json;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private PrintWriter writer;

    TraceFreeErrors(HttpServletResponse response, boolean json) {
        super(response);
        this.json = json;
    }

    private boolean isError() {
        return getStatus() >= 400;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (!isError()) {
            return super.getOutputStream();
        }
        return new ServletOutputStream() {
            @Override
            public void write(int b) {
                held.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                held.write(b, off, len);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("an error answer is written at once");
            }
        };
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (!isError()) {
            return super.getWriter();
        }
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(held, StandardCharsets.UTF_8));
        }
        return writer;
    }

    /** Sends the error answer held back, if any, without its stack traces. */
    void finish() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (held.size() == 0) {
            return;
        }
        byte[] answer = held.toByteArray();
        getResponse().getOutputStream().write(json ? json(answer) : protobuf(answer));
    }

    private static byte[] json(byte[] answer) throws IOException {
        Service.Response response = JsonService.MAPPER.readValue(answer, Service.Response.class);
        return response instanceof Service.ErrorResponse error
                ? (JsonService.MAPPER.writeValueAsString(oneLine(error)) + "\n").getBytes(StandardCharsets.UTF_8)
                : answer;
    }

    private static byte[] protobuf(byte[] answer) throws IOException {
        ProtobufTranslationImpl translation = new ProtobufTranslationImpl();
        Service.Response response = translation.parseResponse(answer);
        return response instanceof Service.ErrorResponse error ? translation.serializeResponse(oneLine(error)) : answer;
    }

    static Service.ErrorResponse oneLine(Service.ErrorResponse error) {
        String message = error.errorMessage != null && !error.errorMessage.isBlank() ? error.errorMessage
                : error.exceptions == null || error.exceptions.isEmpty() ? "" : error.exceptions.get(0);
        String line = message.lines().findFirst().orElse("");
        // Avatica's message is the chain of causes, "RuntimeException: outer -> SQLException: inner -> ...":
        // the outermost message that says something is the one written for the user
        String said = Arrays.stream(CAUSE.split(line)).map(TraceFreeErrors::withoutClassName)
                .filter(m -> !m.isBlank() && !m.equals("(null exception message)")).findFirst().orElse("request failed");
        return new Service.ErrorResponse(List.of(said), said, error.errorCode, error.sqlState, error.severity,
                error.rpcMetadata);
    }

    private static String withoutClassName(String message) {
        String shorter = message;
        do {
            message = shorter;
            shorter = CLASS_PREFIX.matcher(message).replaceFirst("");
        } while (!shorter.equals(message));
        return message.trim();
    }
}
