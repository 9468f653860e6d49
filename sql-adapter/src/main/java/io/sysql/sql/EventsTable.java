package io.sysql.sql;

import io.sysql.capture.event.Event;
import io.sysql.storage.columns.Column;
import io.sysql.storage.history.HistoryIndex;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;

import java.util.List;
import java.util.Set;

/**
 * The {@code events} table: the journal read in order. Ranges on {@code num} and {@code ts} become a
 * seek and a stop (events outside are never read); {@code pid}, {@code tid} and {@code type} equality
 * are checked on each event's head before its body is decoded. A scan that needs only the columns the
 * capture's columns hold (see {@link HeadColumnScan#SQL_COLUMNS}) reads those instead of the journal, with
 * its filters applied to each row before Calcite sees it.
 */
final class EventsTable extends AbstractTable implements ProjectableFilterableTable {
    private static final String ENDS_PROCESS = "ends_process";

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return RowTypes.of(Tables.EVENTS, typeFactory);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        SysqlSchema schema = SysqlSchema.of(root);
        EventScanSpec spec = EventScanSpec.from(filters, root);
        RowMaker<Event> maker = new RowMaker<>(Tables.EVENTS, projects, SqlTime.of(root));
        boolean headOnly = maker.projectsOnly(Tables.EVENT_HEAD_COLUMNS) && !spec.filtersBody();
        boolean columnsSuffice = maker.projectsOnly(HeadColumnScan.SQL_COLUMNS.keySet()) && spec.needsOnlyColumns();
        Set<Column> values = HeadColumnScan.columnsOf(maker.projectedNames());
        boolean needsProcessEnds = maker.projects(ENDS_PROCESS);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                long end = schema.endOf(root);
                long[] range = spec.numRange(schema.capture(), end);
                Interruption interruption = new Interruption(root);
                if (columnsSuffice) {
                    return new HeadColumnEnumerator(new HeadColumnScan(schema, range[0], range[1], spec, interruption,
                            values),
                            maker);
                }
                long[] processEnds = needsProcessEnds ? schema.capture().read(HistoryIndex::processEnds) : null;
                return new EventEnumerator(schema, range[0], range[1], spec, headOnly, maker, interruption,
                        processEnds);
            }
        };
    }
}
