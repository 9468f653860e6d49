package io.sysql.sql;

import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.ImmutableIntList;

import java.util.List;

/**
 * A scan projected to no column never runs as planned. A sub-query such as {@code (SELECT COUNT(*) FROM fds
 * AS OF 6)} needs no column, and a scan so projected is read through an interpreter whose rows (arrays)
 * Calcite's generated code then takes for lists (its format for a row of no field): a ClassCastException.
 * After planning, such a scan reads its first column instead, and a projection above it drops that.
 */
final class EmptyScanProjection {
    static final Program PROGRAM = (planner, rel, traits, materializations, lattices) -> rel.accept(
            new RelHomogeneousShuttle() {
                @Override
                public RelNode visit(RelNode other) {
                    if (other instanceof EnumerableInterpreter interpreter
                            && interpreter.getInput() instanceof Bindables.BindableTableScan scan
                            && scan.projects.isEmpty() && scan.getTable().getRowType().getFieldCount() > 0) {
                        return readingOneColumn(interpreter, scan);
                    }
                    return super.visit(other);
                }
            });

    private EmptyScanProjection() {
    }

    private static RelNode readingOneColumn(EnumerableInterpreter interpreter, Bindables.BindableTableScan scan) {
        Bindables.BindableTableScan oneColumn = Bindables.BindableTableScan.create(scan.getCluster(), scan.getTable(),
                scan.filters, ImmutableIntList.of(0));
        RelNode read = interpreter.copy(interpreter.getTraitSet(), List.of(oneColumn));
        RexProgram none = RexProgram.create(read.getRowType(), List.of(), null, interpreter.getRowType(),
                scan.getCluster().getRexBuilder());
        return EnumerableCalc.create(read, none);
    }
}
