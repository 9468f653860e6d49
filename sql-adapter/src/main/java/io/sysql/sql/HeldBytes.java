package io.sysql.sql;

import org.apache.calcite.DataContext;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap one query's operators hold (estimated by {@link EnumerableHeldRows}), against
 * {@link MemoryBudget#perQuery()}. One per execution: keyed by the execution's data context, which lives
 * as long as the query's rows are read.
 */
final class HeldBytes {
    private static final Map<DataContext, HeldBytes> BY_QUERY = Collections.synchronizedMap(new WeakHashMap<>());

    private final AtomicLong bytes = new AtomicLong();

    private HeldBytes() {
    }

    static HeldBytes of(DataContext root) {
        return root == null ? new HeldBytes() : BY_QUERY.computeIfAbsent(root, r -> new HeldBytes());
    }

    /** Counts {@code more} bytes held by {@code holder}; stops the query past its share of the heap. */
    void add(long more, String holder) {
        long held = bytes.addAndGet(more);
        long limit = MemoryBudget.perQuery();
        if (held > limit) {
            throw new QueryStoppedException("query stopped: its rows held in memory (" + holder + ") passed the"
                    + " per-query memory limit of " + limit / (1 << 20) + " MB (an estimate from the rows kept); narrow"
                    + " the query (WHERE, LIMIT, fewer joined or sorted rows)");
        }
    }
}
