package io.sysql.jdbc.server;

import org.apache.calcite.avatica.remote.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * One log line per failed request (a query error, a cancelled query, a malformed body, a client gone
 * mid-response), never a stack trace: the server keeps serving the others, and its log stays readable.
 */
final class FaultLog {
    static final Logger LOG = LoggerFactory.getLogger("io.sysql.server");

    /** Set while a request whose failure was already logged by the service is being answered. */
    private static final ThreadLocal<Boolean> LOGGED = ThreadLocal.withInitial(() -> false);

    private FaultLog() {
    }

    /** {@code service}, logging each request it fails. */
    static Service logging(Service service) {
        return (Service) Proxy.newProxyInstance(FaultLog.class.getClassLoader(), new Class<?>[] {Service.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(service, args);
                    } catch (InvocationTargetException e) {
                        String request = args != null && args.length == 1 && args[0] != null
                                ? args[0].getClass().getSimpleName() : method.getName();
                        LOG.warn("{} failed: {}", request, rootMessage(e.getCause()));
                        LOGGED.set(true);
                        throw answerable(e.getCause());
                    }
                });
    }

    /**
     * Avatica answers an exception with an error response; an {@link Error} (a constant expression that
     * fails in generated code's static initialiser, a query's stack overflow) would escape it to Jetty's
     * 500 page. The query failed, not the server: answered like any query error.
     */
    private static Throwable answerable(Throwable failure) {
        return failure instanceof Error ? new RuntimeException("query failed: " + rootMessage(failure), failure) : failure;
    }

    /** Called by the HTTP handler once a request is answered. */
    static void answered(String remote, int status) {
        if (status >= 400 && !LOGGED.get()) {
            LOG.warn("request from {} answered {} (undecodable request)", remote, status);
        }
        LOGGED.set(false);
    }

    static void clientGone(String remote, Exception e) {
        LOG.warn("client {} went away before its answer was sent: {}", remote, rootMessage(e));
        LOGGED.set(false);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        String text = m == null ? root.getClass().getSimpleName() : m;
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
