package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.TableKind;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;

import java.util.List;

/** A table over a list of rows read from the capture when the query runs (history and catalog tables). */
final class RowsTable<R> extends AbstractTable implements ProjectableFilterableTable {
    private final TableDef<R> def;

    RowsTable(TableDef<R> def) {
        this.def = def;
    }

    TableKind kind() {
        return def.kind();
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
        return Linq4j.asEnumerable(def.rows(schema.capture())).select(r -> {
            interruption.check();
            return maker.row(r);
        });
    }
}
