package io.sysql.sql;

import org.apache.calcite.DataContext;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches {@code Statement.cancel()} (Calcite's cancel flag), {@code Statement.setQueryTimeout} (its
 * timeout variable) and the {@link MemoryBudget} for a long scan; checked every thousand rows so it costs
 * nothing per row.
 */
final class Interruption {
    private static final int CHECK_EVERY = 1024;

    private final AtomicBoolean cancelFlag;
    private final long deadlineNanos;
    private final long timeoutMillis;
    private int countdown = CHECK_EVERY;

    Interruption(DataContext root) {
        this.cancelFlag = root == null ? null : DataContext.Variable.CANCEL_FLAG.get(root);
        Object timeout = root == null ? null : root.get(DataContext.Variable.TIMEOUT.camelName);
        this.timeoutMillis = timeout instanceof Number n ? n.longValue() : 0;
        this.deadlineNanos = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : Long.MAX_VALUE;
    }

    /** Throws {@link QueryStoppedException} once cancelled or past the timeout. */
    void check() {
        if (--countdown > 0) {
            return;
        }
        countdown = CHECK_EVERY;
        if (cancelFlag != null && cancelFlag.get()) {
            throw new QueryStoppedException("query cancelled");
        }
        if (System.nanoTime() > deadlineNanos) {
            throw new QueryStoppedException("query timed out after " + timeoutMillis + " ms");
        }
        if (MemoryBudget.PLANNING_STOP.get() && MemoryBudget.exceeded()) {
            throw new QueryStoppedException(MemoryBudget.message("query"));
        }
    }
}
