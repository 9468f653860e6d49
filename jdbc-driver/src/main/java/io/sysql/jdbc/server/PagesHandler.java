package io.sysql.jdbc.server;

import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.server.AvaticaHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link Pages} in front of the Avatica handler, inside Avatica's authentication: a page is reached only
 * with the credentials a JDBC client needs.
 */
final class PagesHandler extends HandlerWrapper implements AvaticaHandler {
    private final AvaticaHandler avatica;
    private final Pages pages;

    PagesHandler(AvaticaHandler avatica, Pages pages) {
        this.avatica = avatica;
        this.pages = pages;
        setHandler(avatica);
    }

    @Override
    public void setServerRpcMetadata(Service.RpcMetadataResponse metadata) {
        avatica.setServerRpcMetadata(metadata);
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!"GET".equals(request.getMethod())) {
            super.handle(target, base, request, response);
            return;
        }
        Map<String, String> query = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, values[values.length - 1]));
        Pages.Answer answer = pages.get(target, query);
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
        base.setHandled(true);
        FaultLog.answered(request.getRemoteAddr(), answer.status());
    }
}
