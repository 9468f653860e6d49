package io.sysql.jdbc.remote;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Carries {@code Statement.cancel()} and {@code setQueryTimeout} over the wire. Avatica's protocol has no
 * cancel request and its client only flags a cancel locally, so while a request of a statement runs
 * (execute, or fetching the next frame) this watches the statement's cancel flag and deadline; when
 * either fires it closes the statement on the server from another thread, which the sysql server
 * answers by cancelling the running query. The waiting request then fails with "query cancelled" or
 * "query timed out". A timeout bounds each request (the execution, then each frame fetched).
 */
final class StatementWatch {
    private static final Set<String> WATCHED = Set.of("prepareAndExecute", "execute", "fetch");
    private static final long CHECK_MILLIS = 20;
    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "sysql-remote-cancel");
        t.setDaemon(true);
        return t;
    });

    private StatementWatch() {
    }

    /** {@code meta} (Avatica's remote meta of {@code connection}) with its statement requests watched. */
    static Meta wrap(Meta meta, AvaticaConnection connection) {
        return (Meta) Proxy.newProxyInstance(StatementWatch.class.getClassLoader(), new Class<?>[] {Meta.class},
                (proxy, method, args) -> {
                    if (WATCHED.contains(method.getName()) && args != null && args[0] instanceof Meta.StatementHandle h) {
                        AvaticaStatement statement = connection.statementMap.get(h.id);
                        if (statement instanceof CancelFlagged) {
                            return watched(meta, method, args, h, statement);
                        }
                    }
                    return invoke(meta, method, args);
                });
    }

    private static Object invoke(Meta meta, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(meta, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object watched(Meta meta, Method method, Object[] args, Meta.StatementHandle h,
            AvaticaStatement statement) throws Throwable {
        AtomicBoolean cancelFlag = ((CancelFlagged) statement).cancelFlag();
        if (!method.getName().equals("fetch")) {
            cancelFlag.set(false); // a cancel before this execution was for an earlier one
        }
        int timeoutSeconds = timeoutOf(statement);
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
        AtomicReference<String> stopped = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(TIMER.scheduleWithFixedDelay(() -> {
            String reason = cancelFlag.get() ? "query cancelled"
                    : System.nanoTime() > deadline ? "query timed out after " + timeoutSeconds + " s" : null;
            if (reason != null && stopped.compareAndSet(null, reason)) {
                task.get().cancel(false);
                try {
                    meta.closeStatement(h);
                } catch (RuntimeException serverGone) {
                    // the request itself will fail and say why
                }
            }
        }, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS));
        try {
            return invoke(meta, method, args);
        } catch (Throwable e) {
            String reason = stopped.get();
            throw reason == null ? e : new RuntimeException(reason, e);
        } finally {
            task.get().cancel(false);
        }
    }

    private static int timeoutOf(AvaticaStatement statement) {
        try {
            return statement.isClosed() ? 0 : statement.getQueryTimeout();
        } catch (SQLException e) {
            return 0;
        }
    }
}
