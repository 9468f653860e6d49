package io.sysql.sql;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How much of the heap queries may hold. A sort, join or GROUP BY over millions of rows keeps them in
 * memory; past the budget, queries stop with a message rather than take the process to an
 * OutOfMemoryError that may hit anything, or keep gigabytes it does not give back. Measured as the heap
 * still in use after the last garbage collection (what is really held, not garbage not yet collected),
 * checked by every query as it reads rows ({@link Interruption}) and by the planner (its cancel flag,
 * {@link #PLANNING_STOP}, refreshed by a daemon thread): a planner exploring a many-way join fills
 * the heap too.
 */
public final class MemoryBudget {
    /** The default share of the maximum heap. */
    static final double DEFAULT_SHARE = 0.8;
    private static final List<MemoryPoolMXBean> HEAP = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
    private static final long MAX_HEAP = Runtime.getRuntime().maxMemory();
    /** Set while the heap is past the budget: the planners' cancel flag. */
    static final AtomicBoolean PLANNING_STOP = new AtomicBoolean();
    private static volatile long budget = (long) (MAX_HEAP * DEFAULT_SHARE);
    /** What one query may hold ({@link EnumerableHeldRows}); 0: half the budget, whatever it is set to. */
    private static volatile long perQuery;

    static {
        Thread watch = new Thread(() -> {
            while (true) {
                PLANNING_STOP.set(exceeded());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sysql-memory-budget");
        watch.setDaemon(true);
        watch.start();
    }

    private MemoryBudget() {
    }

    /** Sets the budget; refuses one beyond the maximum heap, which the JVM would never reach. */
    public static void set(long bytes) {
        if (bytes <= 0 || bytes > MAX_HEAP) {
            throw new IllegalArgumentException("a memory budget is between 1 and " + MAX_HEAP / (1 << 20)
                    + " MB (the JVM's maximum heap; raise it with SYSQL_JAVA_OPTS=-Xmx...), not " + bytes / (1 << 20)
                    + " MB");
        }
        budget = bytes;
        PLANNING_STOP.set(exceeded());
    }

    public static long budget() {
        return budget;
    }

    /**
     * Sets what one query's sorts, joins and groups may hold (0: half the budget); refuses one beyond the
     * budget.
     */
    public static void setPerQuery(long bytes) {
        if (bytes < 0 || bytes > budget) {
            throw new IllegalArgumentException("a per-query memory limit is between 1 and " + budget / (1 << 20)
                    + " MB (the memory budget), not " + bytes / (1 << 20) + " MB");
        }
        perQuery = bytes;
    }

    /** What one query's sorts, joins and groups may hold. */
    public static long perQuery() {
        long set = perQuery;
        return set > 0 ? set : budget / 2;
    }

    /** The heap held after the last collections. */
    private static long held() {
        long used = 0;
        for (MemoryPoolMXBean pool : HEAP) {
            MemoryUsage after = pool.getCollectionUsage();
            used += after == null ? 0 : after.getUsed();
        }
        return used;
    }

    static boolean exceeded() {
        return held() > budget;
    }

    /** Why {@code what} (a query, its planning) was stopped, when it was for memory. */
    static String message(String what) {
        return what + " stopped: the heap held " + held() / (1 << 20) + " MB after garbage collection, past the memory"
                + " budget of " + budget / (1 << 20) + " MB; a sort, join or GROUP BY over too many rows holds them all:"
                + " narrow the query (WHERE, LIMIT, fewer joined rows)";
    }
}
