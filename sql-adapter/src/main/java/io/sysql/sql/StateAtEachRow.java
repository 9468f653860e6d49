package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.util.ImmutableIntList;

import java.util.List;

/**
 * Per-row time travel as one relational operator: each input row (typically an event) joined with the
 * rows of a state table right after the event number in its column {@code num} — of the process in
 * its column {@code pid} only, when there is one. This is what {@code events e, LATERAL TABLE(fds_at(e.num,
 * e.pid))} and {@code events e JOIN fds FOR SYSTEM_TIME AS OF EVT(e.num) f ON f.pid = e.pid} mean;
 * {@link StateAtEachRowRules} turn their correlates into it, so the state is looked up in the history
 * index directly instead of through a table function, a scan and an enumerable per row.
 *
 * <p>Output: the input's columns, then the state table's columns listed in {@code columns}. An INNER
 * join drops input rows without state rows (or with a null event number); a LEFT join keeps them with
 * nulls.
 */
class StateAtEachRow extends SingleRel {
    final TableDef<?> table;
    final int num;
    final int pid;
    final JoinRelType joinType;
    final ImmutableIntList columns;

    StateAtEachRow(RelOptCluster cluster, RelTraitSet traits, RelNode input, TableDef<?> table, int num,
            int pid, JoinRelType joinType, ImmutableIntList columns) {
        super(cluster, traits, input);
        this.table = table;
        this.num = num;
        this.pid = pid;
        this.joinType = joinType;
        this.columns = columns;
    }

    /** The logical operator with every column of the state table. */
    static StateAtEachRow create(RelNode input, TableDef<?> table, int num, int pid, JoinRelType joinType) {
        RelOptCluster cluster = input.getCluster();
        return new StateAtEachRow(cluster, cluster.traitSetOf(Convention.NONE), input, table, num, pid, joinType,
                ImmutableIntList.identity(table.columns().size()));
    }

    /** The same operator over {@code input} with other traits, pid column or state columns. */
    StateAtEachRow copy(RelTraitSet traits, RelNode input, int pid, ImmutableIntList columns) {
        return new StateAtEachRow(getCluster(), traits, input, table, num, pid, joinType, columns);
    }

    @Override
    public RelNode copy(RelTraitSet traits, List<RelNode> inputs) {
        return copy(traits, sole(inputs), pid, columns);
    }

    int leftCount() {
        return getInput().getRowType().getFieldCount();
    }

    /** The position in this operator's output of the state table's pid column, or -1 if it is not output. */
    int pidOutput() {
        int i = columns.indexOf(table.indexOf("pid"));
        return i < 0 ? -1 : leftCount() + i;
    }

    @Override
    protected RelDataType deriveRowType() {
        RelDataTypeFactory types = getCluster().getTypeFactory();
        List<RelDataTypeField> stateFields = RowTypes.of(table, types).getFieldList();
        RelDataTypeFactory.Builder b = types.builder().addAll(getInput().getRowType().getFieldList());
        for (int c : columns) {
            b.add(stateFields.get(c)); // every state column is nullable, so a LEFT join needs no change
        }
        return b.uniquify().build();
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return mq.getRowCount(getInput()) * (pid >= 0 ? 10 : 1000);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        List<String> names = columns.stream().map(c -> table.columns().get(c).name()).toList();
        return super.explainTerms(pw)
                .item("state", table.name())
                .item("num", "$" + num)
                .itemIf("pid", "$" + pid, pid >= 0)
                .item("joinType", joinType.lowerName)
                .item("columns", names);
    }
}
