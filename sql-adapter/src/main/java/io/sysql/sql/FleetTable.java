package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.TableKind;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A table of a {@link Fleet}: the union of the same table of every capture, each row with the capture's
 * {@code host} and {@code capture} as two more columns (a table that has a {@code host} column already,
 * {@code capture}, gets the fleet's host in it). A filter on those two columns chooses the captures
 * before any is opened; the other filters go to each capture's own scan, which applies what it can as
 * for a single capture. The captures are opened and scanned in parallel.
 */
class FleetTable extends AbstractTable implements ProjectableFilterableTable {
    static final String HOST = "host";
    static final String CAPTURE = "capture";

    final TableDef<?> def;
    private final int width;
    private final int hostColumn;
    private final int captureColumn;

    FleetTable(TableDef<?> def) {
        this.def = def;
        this.width = def.columns().size();
        int ownHost = def.indexOf(HOST);
        this.hostColumn = ownHost >= 0 ? ownHost : width;
        this.captureColumn = ownHost >= 0 ? width : width + 1;
    }

    /** Whether {@code column} is this table's host or capture column. */
    boolean isHostOrCapture(int column) {
        return column == hostColumn || column == captureColumn;
    }

    /** The value of the host or capture column in the rows of {@code member}. */
    String valueOf(int hostOrCapture, FleetMember member) {
        return hostOrCapture == hostColumn ? member.host() : member.name();
    }

    /** Whether {@code conjunct} is over the host and capture columns only: it chooses captures. */
    boolean choosesCaptures(RexNode conjunct) {
        return RelOptUtil.InputFinder.bits(conjunct).asList().stream().allMatch(this::isHostOrCapture);
    }

    /** Whether {@code conjunct}, one that {@link #choosesCaptures}, holds for the rows of {@code member}, or null. */
    Boolean holds(RexNode conjunct, FleetMember member, DataContext root) {
        return FleetFilter.holds(conjunct, hostColumn, captureColumn, member, root);
    }

    static FleetTable of(TableDef<?> def) {
        return def.kind() == TableKind.STATE ? new FleetStateTable(def) : new FleetTable(def);
    }

    /** What reads one capture's rows: its single-capture table, or that table at a point, or a function. */
    interface CaptureScan {
        Enumerable<Object[]> scan(FleetMember member, DataContext context, List<RexNode> filters, int[] projects);
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder b = typeFactory.builder().addAll(RowTypes.of(def, typeFactory).getFieldList());
        RelDataType name = typeFactory.createSqlType(SqlTypeName.VARCHAR);
        if (hostColumn == width) {
            b.add(HOST, name);
        }
        return b.add(CAPTURE, name).build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        return scan(root, filters, projects, (member, context, f, p) ->
                ((ProjectableFilterableTable) member.schema().getTable(def.name())).scan(context, f, p));
    }

    /**
     * The rows of the captures {@code filters} leave, read by {@code inner}. Each filter is taken
     * conjunct by conjunct: those on host and capture choose the captures, those on the capture's own
     * columns go to each capture's scan. A filter is removed (Calcite does not apply it again) when each of
     * its conjuncts was decided or applied by every capture's scan.
     */
    Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects, CaptureScan inner) {
        List<RexNode> ownConjuncts = new ArrayList<>();
        List<RexNode> innerConjuncts = new ArrayList<>();
        List<RexNode> applicable = new ArrayList<>();
        for (RexNode f : filters) {
            boolean whole = true;
            List<RexNode> mine = new ArrayList<>();
            for (RexNode conjunct : RelOptUtil.conjunctions(f)) {
                if (choosesCaptures(conjunct)) {
                    ownConjuncts.add(conjunct);
                } else if (RelOptUtil.InputFinder.bits(conjunct).asList().stream()
                        .allMatch(c -> c < width && c != hostColumn)) {
                    mine.add(conjunct);
                } else {
                    whole = false;
                }
            }
            innerConjuncts.addAll(mine);
            if (whole) {
                applicable.add(f);
            }
        }
        List<FleetMember> chosen = new ArrayList<>();
        Set<RexNode> undecided = Collections.newSetFromMap(new IdentityHashMap<>());
        for (FleetMember m : FleetSchema.of(root).fleet().members()) {
            boolean keep = true;
            for (RexNode conjunct : ownConjuncts) {
                Boolean holds = holds(conjunct, m, root);
                if (holds == null) {
                    undecided.add(conjunct);
                } else {
                    keep &= holds;
                }
            }
            if (keep) {
                chosen.add(m);
            }
        }
        Read read = rowsOf(root, chosen, innerConjuncts, projects, inner);
        read.unapplied.addAll(undecided);
        for (RexNode f : applicable) {
            if (RelOptUtil.conjunctions(f).stream().noneMatch(read.unapplied::contains)) {
                filters.removeIf(x -> x == f);
            }
        }
        return read.rows;
    }

    /** Rows read from some captures, and the filters (of those offered) some capture's scan did not apply. */
    record Read(Enumerable<Object[]> rows, Set<RexNode> unapplied) {
    }

    /** The rows of {@code members}, read by {@code inner}, each offered {@code filters} to apply what it can. */
    Read rowsOf(DataContext root, List<FleetMember> members, List<RexNode> filters, int[] projects,
            CaptureScan inner) {
        int[] outer = projects != null ? projects : allColumns();
        int[] innerProjects = Arrays.stream(outer).filter(c -> c < width && c != hostColumn).toArray();
        int[] asked = innerProjects.length > 0 ? innerProjects : new int[] {0}; // a scan returns some column
        List<Scanned> scanned = FleetSchema.of(root).fleet().forEach(members, m -> {
            List<RexNode> mine = new ArrayList<>(filters);
            return new Scanned(m, inner.scan(m, m.contextIn(root), mine, asked.clone()), mine);
        });
        List<Enumerable<Object[]>> parts = new ArrayList<>();
        Set<RexNode> unapplied = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Scanned s : scanned) {
            unapplied.addAll(s.unapplied);
            parts.add(s.rows.select(row -> outerRow(row, outer, innerProjects, s.member)));
        }
        return new Read(Linq4j.concat(parts), unapplied);
    }

    private record Scanned(FleetMember member, Enumerable<Object[]> rows, List<RexNode> unapplied) {
    }

    private Object[] outerRow(Object[] innerRow, int[] outer, int[] innerProjects, FleetMember member) {
        Object[] row = new Object[outer.length];
        int next = 0;
        for (int i = 0; i < outer.length; i++) {
            int c = outer[i];
            row[i] = isHostOrCapture(c) ? valueOf(c, member) : innerRow[next++];
        }
        return row;
    }

    private int[] allColumns() {
        int[] all = new int[captureColumn + 1];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** A state table of the fleet: AS OF binds it, in each capture, to that capture's point. */
    static final class FleetStateTable extends FleetTable implements TimeTravelTable {
        FleetStateTable(TableDef<?> def) {
            super(def);
        }

        @Override
        public TableDef<?> def() {
            return def;
        }

        @Override
        public Enumerable<Object[]> scanAsOf(DataContext root, AsOfPoint point, List<RexNode> filters,
                int[] projects) {
            return scan(root, filters, projects, (member, context, f, p) ->
                    member.schema().stateTable(def.name()).scanAsOf(context, point, f, p));
        }
    }
}
