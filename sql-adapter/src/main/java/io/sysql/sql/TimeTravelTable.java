package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;

import java.util.List;

/**
 * A state table AS OF binds ({@link TimeTravelRules}): of one capture ({@link StateTable}) or of a fleet
 * ({@link FleetTable.FleetStateTable}), each resolving the point on its own events.
 */
interface TimeTravelTable extends MovesWithAsOf {
    TableDef<?> def();

    RelDataType getRowType(RelDataTypeFactory typeFactory);

    /** The rows right after {@code point}, filtered and projected (filters applied are removed). */
    Enumerable<Object[]> scanAsOf(DataContext root, AsOfPoint point, List<RexNode> filters, int[] projects);
}
