package io.sysql.sql;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.FdType;
import io.sysql.storage.columns.Column;
import io.sysql.storage.columns.HeadColumns;
import io.sysql.storage.journal.Journal;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code SELECT <keys>, COUNT(*), SUM(res), ... FROM events WHERE <filters> GROUP BY <keys>} answered
 * over the capture's columns (see {@link EventAggregateRule}): each row's keys are packed into one
 * {@code long} of the values' codes (type id, errno, pid, fd name id, fd type) and aggregated per code in
 * arrays, so no row object is made per event. Events a value of which only the journal holds are
 * aggregated by their values.
 */
final class EventAggregateTable extends CountsTable {
    /** What each aggregate call computes. */
    enum Measure {
        COUNT_ROWS, COUNT_RES, SUM_RES, SUM0_RES
    }

    private static final int RES = Tables.EVENTS.indexOf("res");
    /** The columns a group can be keyed by, and the bits of the key each takes (errno's three share theirs). */
    private static final Map<String, Integer> KEY_BITS = Map.of("type", 16, "errno", 16, "failed", 16,
            "errno_name", 16, "pid", 32, "fd_name", 21, "fd_type", 8);
    private static final int TYPE_BITS = 16;
    private static final int ERRNO_BITS = 16;
    private static final int PID_BITS = 32;
    private static final int FD_NAME_BITS = 21;
    private static final int FD_TYPE_BITS = 8;

    private final int[] groupColumns;
    private final List<Measure> measures;
    private final List<RexNode> filters;

    EventAggregateTable(int[] groupColumns, List<Measure> measures, List<RexNode> filters, RelDataType rowType) {
        super(rowType);
        this.groupColumns = groupColumns;
        this.measures = measures;
        this.filters = filters;
    }

    /** What {@code call} computes, its argument a column of the events scan's {@code projects}; null when unsupported. */
    static Measure measureOf(AggregateCall call, List<Integer> projects) {
        List<Integer> args = call.getArgList();
        SqlKind kind = call.getAggregation().getKind();
        if (args.isEmpty()) {
            return kind == SqlKind.COUNT ? Measure.COUNT_ROWS : null;
        }
        if (args.size() != 1 || projects.get(args.get(0)) != RES) {
            return null;
        }
        return switch (kind) {
            case COUNT -> Measure.COUNT_RES;
            case SUM -> Measure.SUM_RES;
            case SUM0 -> Measure.SUM0_RES;
            default -> null;
        };
    }

    /** The events columns {@code names} make a key of one {@code long}. */
    static boolean canGroupBy(List<String> names) {
        int bits = 0;
        boolean errno = false;
        for (String name : names) {
            Integer b = KEY_BITS.get(name);
            if (b == null) {
                return false;
            }
            boolean errnoFamily = name.equals("errno") || name.equals("failed") || name.equals("errno_name");
            if (!errnoFamily || !errno) {
                bits += b;
            }
            errno |= errnoFamily;
        }
        return bits <= 63;
    }

    @Override
    String name() {
        return "events GROUP BY " + Arrays.toString(groupColumns) + " " + measures + " WHERE " + filters;
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        SysqlSchema schema = SysqlSchema.of(root);
        EventScanSpec spec = EventScanSpec.applyingAll(filters, root);
        long[] range = spec.numRange(schema.capture(), schema.endOf(root));
        RowMaker<Event> keys = new RowMaker<>(Tables.EVENTS, groupColumns, SqlTime.of(root));
        boolean sumsRes = measures.stream().anyMatch(m -> m != Measure.COUNT_ROWS);
        Aggregation a = new Aggregation(schema, spec, keys, sumsRes, new Interruption(root));
        a.run(range[0], range[1]);
        Map<List<Object>, long[]> byKey = a.byKey();
        if (byKey.isEmpty() && groupColumns.length == 0) {
            byKey.put(List.of(), new long[3]); // an aggregate without GROUP BY has its one row even over no events
        }
        List<Object[]> rows = new ArrayList<>(byKey.size());
        byKey.forEach((key, acc) -> {
            Object[] row = Arrays.copyOf(key.toArray(), key.size() + measures.size());
            for (int m = 0; m < measures.size(); m++) {
                row[key.size() + m] = switch (measures.get(m)) {
                    case COUNT_ROWS -> acc[0];
                    case COUNT_RES -> acc[2];
                    case SUM_RES -> acc[2] == 0 ? null : acc[1];
                    case SUM0_RES -> acc[1];
                };
            }
            rows.add(row);
        });
        return Linq4j.asEnumerable(rows);
    }

    /** One run of the aggregate: per packed key, the rows, the sum of res and the rows with a res. */
    private static final class Aggregation {
        private final SysqlSchema schema;
        private final EventScanSpec spec;
        private final Interruption interruption;
        private final boolean byType;
        private final boolean byErrno;
        private final boolean byPid;
        private final boolean byFdName;
        private final boolean byFdType;
        private final Set<Column> read = EnumSet.noneOf(Column.class);
        private final RowMaker<Event> keys;
        private final KeySlots slots = new KeySlots();
        /** Events read from the journal, by their keys' values: rows, sum of res, rows with a res. */
        private final Map<List<Object>, long[]> fromJournal = new LinkedHashMap<>();
        private ColumnFilter filter;
        private String[] fdNames;

        Aggregation(SysqlSchema schema, EventScanSpec spec, RowMaker<Event> keys, boolean sumsRes,
                Interruption interruption) {
            List<String> groupNames = keys.projectedNames();
            this.schema = schema;
            this.keys = keys;
            if (sumsRes) {
                read.add(Column.RES);
            }
            this.spec = spec;
            this.interruption = interruption;
            this.byType = groupNames.contains("type");
            this.byErrno = groupNames.contains("errno") || groupNames.contains("failed")
                    || groupNames.contains("errno_name");
            this.byPid = groupNames.contains("pid");
            this.byFdName = groupNames.contains("fd_name");
            this.byFdType = groupNames.contains("fd_type");
            read.addAll(HeadColumnScan.columnsOf(groupNames));
            read.addAll(spec.filterColumns());
        }

        void run(long first, long last) {
            HeadColumns columns = schema.capture().columns();
            long columnsLast = Math.min(last, columns.rows());
            filter = new ColumnFilter(spec, columns);
            fdNames = byFdName ? columns.fdNames() : null;
            HeadColumns.Reader r = columns.reader(first, columnsLast, read);
            while (r.nextBlock()) {
                interruption.check();
                aggregateBlock(r);
                schema.eventsReadCounter().addAndGet(r.blockRows());
            }
            if (Math.max(first, columnsLast + 1) <= last) {
                readJournal(Math.max(first, columnsLast + 1), last);
            }
        }

        private void aggregateBlock(HeadColumns.Reader r) {
            if (!byType && !byErrno && !byPid && !byFdName && !byFdType && filter.acceptsAll()) {
                countBlock(r);
                return;
            }
            if (!byPid && !byFdName && !byFdType && filter.decidesOnHeadOnly()) {
                headBlock(r);
                return;
            }
            long[] res = r.res();
            int[] pid = r.pid();
            int[] fdName = r.fdName();
            byte[] fdType = r.fdType();
            for (int i = 0, rows = r.blockRows(); i < rows; i++) {
                int verdict = filter.test(r, i);
                if (verdict == ColumnFilter.REJECT) {
                    continue;
                }
                if (verdict == ColumnFilter.JOURNAL || byFdName && fdName[i] == Column.NAME_ESCAPE) {
                    readJournal(r.blockFirst() + i, r.blockFirst() + i);
                    continue;
                }
                long key = 0;
                if (byType) {
                    key = r.typeId(i);
                }
                if (byErrno) {
                    key = key << ERRNO_BITS | r.errno(i);
                }
                if (byPid) {
                    key = key << PID_BITS | pid[i] & 0xFFFF_FFFFL;
                }
                if (byFdName) {
                    key = key << FD_NAME_BITS | fdName[i] + 1;
                }
                if (byFdType) {
                    key = key << FD_TYPE_BITS | fdType[i] & 0xFF;
                }
                slots.add(key, res == null ? 0 : res[i]);
            }
        }

        /**
         * Keys and filters on type and errno only (failed calls by type, over the whole capture): a loop that
         * reads the head alone and rejects most rows on one array look-up, with no per-row call.
         */
        private void headBlock(HeadColumns.Reader r) {
            long[] res = r.res();
            boolean[] errnoAccepted = filter.errnoAccepted();
            for (int i = 0, rows = r.blockRows(); i < rows; i++) {
                int errno = r.errno(i);
                if (!errnoAccepted[errno]) {
                    continue;
                }
                int type = r.typeId(i);
                if (errno == HeadColumns.ESCAPE || !filter.acceptsTypeId(type)) {
                    int verdict = filter.test(r, i); // an escaped value, a type rejected or new since the scan began
                    if (verdict == ColumnFilter.JOURNAL) {
                        readJournal(r.blockFirst() + i, r.blockFirst() + i);
                    }
                    if (verdict != ColumnFilter.ACCEPT) {
                        continue;
                    }
                }
                long key = byType ? type : 0;
                if (byErrno) {
                    key = key << ERRNO_BITS | errno;
                }
                slots.add(key, res == null ? 0 : res[i]);
            }
        }

        /** Without keys or filters: every row counts, escaped ones read from the journal. */
        private void countBlock(HeadColumns.Reader r) {
            long[] res = r.res();
            long rows = 0;
            long sum = 0;
            for (int i = 0, n = r.blockRows(); i < n; i++) {
                if (r.errno(i) == HeadColumns.ESCAPE || r.typeId(i) == HeadColumns.ESCAPE) {
                    readJournal(r.blockFirst() + i, r.blockFirst() + i);
                    continue;
                }
                rows++;
                sum += res == null ? 0 : res[i];
            }
            slots.addAll(0, rows, sum);
        }

        /** Events {@code from..to} read whole from the journal, for the values the columns lack. */
        private void readJournal(long from, long to) {
            try (Journal.Cursor cursor = schema.capture().events(from)) {
                Event e = new Event();
                while (cursor.position() <= to && cursor.next(e) && e.num <= to) {
                    interruption.check();
                    schema.eventsReadCounter().incrementAndGet();
                    if (spec.accepts(e)) {
                        boolean returned = e.returned();
                        merge(fromJournal, Arrays.asList(keys.row(e)), 1, returned ? e.res : 0, returned ? 1 : 0);
                    }
                }
            }
        }

        /** The aggregates by the values of the keys. */
        Map<List<Object>, long[]> byKey() {
            Map<List<Object>, long[]> out = new LinkedHashMap<>();
            Event e = new Event();
            for (int s = 0; s < slots.size(); s++) {
                long key = slots.key(s);
                if (byFdType) {
                    int code = (int) (key & 0xFF);
                    e.fdType = code == 0 ? null : FdType.values()[code - 1];
                    key >>>= FD_TYPE_BITS;
                }
                if (byFdName) {
                    int id = (int) (key & ((1 << FD_NAME_BITS) - 1)) - 1;
                    if (id >= fdNames.length) {
                        fdNames = schema.capture().columns().fdNames();
                    }
                    e.fdName = id == Column.NO_NAME ? null : fdNames[id];
                    key >>>= FD_NAME_BITS;
                }
                if (byPid) {
                    e.pid = (int) key;
                    key >>>= PID_BITS;
                }
                if (byErrno) {
                    e.errno = (int) (key & 0xFFFF);
                    key >>>= ERRNO_BITS;
                }
                if (byType) {
                    e.kind = filter.kind((int) key);
                }
                merge(out, Arrays.asList(keys.row(e)), slots.count(s), slots.sum(s), slots.count(s));
            }
            fromJournal.forEach((key, acc) -> merge(out, key, acc[0], acc[1], acc[2]));
            return out;
        }

        private static void merge(Map<List<Object>, long[]> out, List<Object> key, long rows, long sum, long withRes) {
            long[] acc = out.computeIfAbsent(key, k -> new long[3]);
            acc[0] += rows;
            acc[1] += sum;
            acc[2] += withRes;
        }
    }

    /**
     * Packed keys to their rows and sum of res, by open addressing. Every row the columns answer returned
     * (a call that did not has its errno escaped), so its res is never null.
     */
    static final class KeySlots {
        private long[] keys = new long[64];
        private int[] slotOf = new int[64];
        private long[] slotKeys = new long[16];
        private long[] counts = new long[16];
        private long[] sums = new long[16];
        private int size;
        /** The last key added and its slot: runs of one key (or none, without GROUP BY) skip the hashing. */
        private long lastKey;
        private int lastSlot = -1;

        void add(long key, long res) {
            int slot = key == lastKey && lastSlot >= 0 ? lastSlot : slotFor(key);
            lastKey = key;
            lastSlot = slot;
            counts[slot]++;
            sums[slot] += res;
        }

        /** Adds {@code rows} rows of key {@code key} whose res sum to {@code sum}. */
        void addAll(long key, long rows, long sum) {
            int slot = slotFor(key);
            counts[slot] += rows;
            sums[slot] += sum;
        }

        private int slotFor(long key) {
            int mask = keys.length - 1;
            int h = (int) (key * 0x9E3779B97F4A7C15L >>> 40) & mask;
            while (slotOf[h] != 0) {
                if (keys[h] == key) {
                    return slotOf[h] - 1;
                }
                h = (h + 1) & mask;
            }
            if (size == slotKeys.length) {
                slotKeys = Arrays.copyOf(slotKeys, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
                sums = Arrays.copyOf(sums, size * 2);
            }
            keys[h] = key;
            slotOf[h] = size + 1;
            slotKeys[size] = key;
            int slot = size++;
            if (size * 2 > keys.length) {
                rehash();
            }
            return slot;
        }

        private void rehash() {
            keys = new long[keys.length * 2];
            slotOf = new int[keys.length];
            int mask = keys.length - 1;
            for (int s = 0; s < size; s++) {
                int h = (int) (slotKeys[s] * 0x9E3779B97F4A7C15L >>> 40) & mask;
                while (slotOf[h] != 0) {
                    h = (h + 1) & mask;
                }
                keys[h] = slotKeys[s];
                slotOf[h] = s + 1;
            }
        }

        int size() {
            return size;
        }

        long key(int slot) {
            return slotKeys[slot];
        }

        long count(int slot) {
            return counts[slot];
        }

        long sum(int slot) {
            return sums[slot];
        }
    }
}
