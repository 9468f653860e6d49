package io.sysql.jdbc.server;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.HandlerWrapper;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * What a client sees of the server's own failures: a status and one line of text, never a Java stack
 * trace or exception name. In front of Jetty's authentication, whose decoding of a malformed Basic
 * header fails with a 500 page; this answers it 401 like any other wrong credential.
 */
final class RequestGuard extends HandlerWrapper {
    private static final String BASIC = "basic ";

    /** Wraps the server's handlers and replaces its error pages; call before the server starts. */
    static void install(Server server) {
        RequestGuard guard = new RequestGuard();
        guard.setHandler(server.getHandler());
        server.setHandler(guard);
        server.setErrorHandler(new OneLineErrors());
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && !wellFormed(authorization)) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"sysql\"");
            answer(base, response, HttpStatus.UNAUTHORIZED_401, "malformed Authorization header");
            FaultLog.LOG.warn("request from {} answered 401 (malformed Authorization header)", request.getRemoteAddr());
            return;
        }
        super.handle(target, base, request, response);
    }

    /** A Basic header must carry base64; other schemes are left to the authenticator (which refuses them). */
    private static boolean wellFormed(String authorization) {
        if (!authorization.toLowerCase(Locale.ROOT).startsWith(BASIC)) {
            return true;
        }
        try {
            Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim());
            return true;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static void answer(Request base, HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write((status + " " + text + "\n").getBytes(StandardCharsets.UTF_8));
        base.setHandled(true);
    }

    /** Jetty's error page, reduced to the status line's words. */
    private static final class OneLineErrors extends ErrorHandler {
        @Override
        protected void generateAcceptableResponse(Request base, HttpServletRequest request, HttpServletResponse response,
                int code, String message) throws IOException {
            answer(base, response, code, HttpStatus.getMessage(code));
        }
    }
}
