package io.sysql.jdbc.server;

import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.server.AvaticaHandler;
import org.apache.calcite.avatica.server.AvaticaJsonHandler;
import org.apache.calcite.avatica.server.AvaticaProtobufHandler;
import org.eclipse.jetty.server.Request;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Avatica's HTTP handlers, reporting failed requests to {@link FaultLog}, answering them with {@link TraceFreeErrors}. */
final class LoggingHandlers {
    private LoggingHandlers() {
    }

    static AvaticaHandler of(Service service, boolean json) {
        Service logged = FaultLog.logging(service);
        return json ? new Json(logged) : new Protobuf(logged);
    }

    /** One Avatica request, answered by the handler's own code. */
    @FunctionalInterface
    private interface Answer {
        void handle() throws IOException, ServletException;
    }

    /** Logs the outcome of a request; a client that went away mid-answer is one log line, not an error. */
    private static void logged(Answer answer, Request base, HttpServletRequest request, TraceFreeErrors response)
            throws IOException, ServletException {
        SysqlMeta.CLIENT.set(request.getRemoteAddr());
        try {
            answer.handle();
            response.finish();
            FaultLog.answered(request.getRemoteAddr(), response.getStatus());
        } catch (IOException e) {
            FaultLog.clientGone(request.getRemoteAddr(), e);
            base.setHandled(true);
        } finally {
            SysqlMeta.CLIENT.remove();
        }
    }

    private static final class Protobuf extends AvaticaProtobufHandler {
        Protobuf(Service service) {
            super(service);
        }

        @Override
        public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            TraceFreeErrors answer = new TraceFreeErrors(response, false);
            logged(() -> super.handle(target, base, request, answer), base, request, answer);
        }
    }

    private static final class Json extends AvaticaJsonHandler {
        Json(Service service) {
            super(service);
        }

        @Override
        public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            TraceFreeErrors answer = new TraceFreeErrors(response, true);
            logged(() -> super.handle(target, base, request, answer), base, request, answer);
        }
    }
}
