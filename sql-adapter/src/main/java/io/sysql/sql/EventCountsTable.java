package io.sysql.sql;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code SELECT <head columns>, COUNT(*), ... FROM events WHERE <filters> GROUP BY <head columns>}
 * answered by counting in the head columns (see {@link EventCountsRule}): per type id and errno in
 * arrays, so no row object is made per event. Events whose head only the journal holds are counted by
 * their values.
 */
final class EventCountsTable extends CountsTable {
    private final int[] groupColumns;
    private final int counts;
    private final List<RexNode> filters;

    EventCountsTable(int[] groupColumns, int counts, List<RexNode> filters, RelDataType rowType) {
        super(rowType);
        this.groupColumns = groupColumns;
        this.counts = counts;
        this.filters = filters;
    }

    @Override
    String name() {
        return "events GROUP BY " + Arrays.toString(groupColumns) + " COUNT x" + counts + " WHERE " + filters;
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        SysqlSchema schema = SysqlSchema.of(root);
        List<RexNode> unapplied = new ArrayList<>(filters);
        EventScanSpec spec = EventScanSpec.from(unapplied, root);
        if (!unapplied.isEmpty()) {
            throw new IllegalStateException("events counts cannot apply " + unapplied);
        }
        long[] range = spec.numRange(schema.capture(), schema.endOf(root));
        RowMaker<Event> keys = new RowMaker<>(Tables.EVENTS, groupColumns, SqlTime.of(root));
        Map<List<Object>, Long> byKey = new LinkedHashMap<>();
        long[][] byTypeAndErrno = new long[0][];
        EventKind[] kinds = new EventKind[0];
        try (HeadColumnScan scan = new HeadColumnScan(schema, range[0], range[1], spec, new Interruption(root),
                Set.of())) {
            while (scan.next()) {
                Event e = scan.event();
                int type = scan.typeId();
                if (type < 0) {
                    byKey.merge(Arrays.asList(keys.row(e)), 1L, Long::sum);
                    continue;
                }
                if (type >= byTypeAndErrno.length) {
                    byTypeAndErrno = Arrays.copyOf(byTypeAndErrno, type + 1);
                    kinds = Arrays.copyOf(kinds, type + 1);
                }
                long[] perErrno = byTypeAndErrno[type];
                if (perErrno == null || e.errno >= perErrno.length) {
                    perErrno = Arrays.copyOf(perErrno == null ? new long[0] : perErrno, Math.max(e.errno + 1, 16));
                    byTypeAndErrno[type] = perErrno;
                    kinds[type] = e.kind;
                }
                perErrno[e.errno]++;
            }
        }
        Event e = new Event();
        for (int type = 0; type < byTypeAndErrno.length; type++) {
            long[] perErrno = byTypeAndErrno[type];
            for (int errno = 0; perErrno != null && errno < perErrno.length; errno++) {
                if (perErrno[errno] > 0) {
                    e.kind = kinds[type];
                    e.errno = errno;
                    byKey.merge(Arrays.asList(keys.row(e)), perErrno[errno], Long::sum);
                }
            }
        }
        if (byKey.isEmpty() && groupColumns.length == 0) {
            byKey.put(List.of(), 0L); // an aggregate without GROUP BY has its one row even over no events
        }
        List<Object[]> rows = new ArrayList<>(byKey.size());
        byKey.forEach((key, count) -> {
            Object[] row = Arrays.copyOf(key.toArray(), key.size() + counts);
            Arrays.fill(row, key.size(), row.length, count);
            rows.add(row);
        });
        return Linq4j.asEnumerable(rows);
    }
}
