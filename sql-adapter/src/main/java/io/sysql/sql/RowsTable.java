package io.sysql.sql;

import io.sysql.storage.Capture;
import io.sysql.storage.schema.TableDef;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;

import java.util.List;
import java.util.function.Function;

/** A table over a list of rows read from the capture when the query runs (history and catalog tables). */
final class RowsTable<R> extends AbstractTable implements ProjectableFilterableTable {
    private final TableDef<R> def;
    private final Function<Capture, List<R>> rows;

    RowsTable(TableDef<R> def, Function<Capture, List<R>> rows) {
        this.def = def;
        this.rows = rows;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return RowTypes.of(def, typeFactory);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        SysqlSchema schema = SysqlSchema.of(root);
        schema.endOf(root); // catches the index up with a capture still being recorded
        RowMaker<R> maker = new RowMaker<>(def, projects, SqlTime.of(root));
        Interruption interruption = new Interruption(root);
        return Linq4j.asEnumerable(rows.apply(schema.capture())).select(r -> {
            interruption.check();
            return maker.row(r);
        });
    }
}
