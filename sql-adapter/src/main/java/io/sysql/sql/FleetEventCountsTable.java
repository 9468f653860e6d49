package io.sysql.sql;

import io.sysql.sql.schema.Tables;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code SELECT <host, capture, head columns>, COUNT(*) ... FROM events WHERE <filters> GROUP BY ...} over
 * a fleet (see {@link EventCountsRule}): the captures the filters on host and capture leave each count
 * their events with an {@link EventAggregateTable}, in parallel, and the counts are added up by group.
 */
final class FleetEventCountsTable extends CountsTable {
    private final FleetTable events;
    private final int[] groupColumns;
    private final int counts;
    private final List<RexNode> filters;
    private final RelDataType rowType;

    FleetEventCountsTable(FleetTable events, int[] groupColumns, int counts, List<RexNode> filters,
            RelDataType rowType) {
        super(rowType);
        this.events = events;
        this.groupColumns = groupColumns;
        this.counts = counts;
        this.filters = filters;
        this.rowType = rowType;
    }

    @Override
    String name() {
        return "fleet events GROUP BY " + Arrays.toString(groupColumns) + " COUNT x" + counts + " WHERE " + filters;
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        List<RexNode> choosing = new ArrayList<>();
        List<RexNode> counting = new ArrayList<>();
        for (RexNode filter : filters) {
            for (RexNode conjunct : RelOptUtil.conjunctions(filter)) {
                (events.choosesCaptures(conjunct) ? choosing : counting).add(conjunct);
            }
        }
        Fleet fleet = FleetSchema.of(root).fleet();
        List<FleetMember> chosen = fleet.members().stream()
                .filter(m -> choosing.stream().allMatch(c -> Boolean.TRUE.equals(events.holds(c, m, root))))
                .toList();
        int[] ownGroups = Arrays.stream(groupColumns).filter(c -> c < Tables.EVENTS.columns().size()).toArray();
        List<List<Object[]>> perCapture = fleet.forEach(chosen, m -> new EventAggregateTable(ownGroups,
                Collections.nCopies(counts, EventAggregateTable.Measure.COUNT_ROWS), counting, rowType)
                .scan(m.contextIn(root)).toList());
        Map<List<Object>, long[]> byKey = new LinkedHashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            FleetMember m = chosen.get(i);
            for (Object[] row : perCapture.get(i)) {
                List<Object> key = new ArrayList<>();
                int own = 0;
                for (int c : groupColumns) {
                    key.add(events.isHostOrCapture(c) ? events.valueOf(c, m) : row[own++]);
                }
                long[] sums = byKey.computeIfAbsent(key, k -> new long[counts]);
                for (int k = 0; k < counts; k++) {
                    sums[k] += ((Number) row[ownGroups.length + k]).longValue();
                }
            }
        }
        if (byKey.isEmpty() && groupColumns.length == 0) {
            byKey.put(List.of(), new long[counts]); // an aggregate without GROUP BY has its one row even over no events
        }
        List<Object[]> rows = new ArrayList<>(byKey.size());
        byKey.forEach((key, sums) -> {
            Object[] row = Arrays.copyOf(key.toArray(), key.size() + counts);
            for (int k = 0; k < counts; k++) {
                row[key.size() + k] = sums[k];
            }
            rows.add(row);
        });
        return Linq4j.asEnumerable(rows);
    }
}
