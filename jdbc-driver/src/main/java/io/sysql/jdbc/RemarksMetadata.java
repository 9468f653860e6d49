package io.sysql.jdbc;

import io.sysql.sql.ChiselViews;
import io.sysql.sql.schema.Column;
import io.sysql.sql.FleetSchema;
import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalciteMetaColumnFactory;
import org.apache.calcite.jdbc.CalciteMetaImpl;
import org.apache.calcite.jdbc.CalciteMetaTableFactory;
import org.apache.calcite.schema.Table;

import java.util.List;

/**
 * {@code DatabaseMetaData.getTables/getColumns} with REMARKS taken from the schema declarations, so a BI
 * tool or {@code \d}-like command shows what each table and column means. Calcite leaves REMARKS null and
 * its metadata rows have no constructor taking them: these rows declare their own {@code remarks}
 * field, which Calcite reads by name.
 */
final class RemarksMetadata {
    private RemarksMetadata() {
    }

    private static TableDef<?> def(String tableName) {
        for (TableDef<?> t : Tables.ALL) {
            if (t.name().equalsIgnoreCase(tableName)) {
                return t;
            }
        }
        return null;
    }

    /** What a table or a chisel's view means, or null. */
    private static String meaning(String tableName) {
        TableDef<?> def = def(tableName);
        return def != null ? def.meaning() : ChiselViews.meaningOf(tableName);
    }

    /** The declared columns of a table or a chisel's view, or null. */
    private static List<? extends Column<?>> columns(String tableName) {
        TableDef<?> def = def(tableName);
        return def != null ? def.columns() : ChiselViews.columnsOf(tableName);
    }

    /** A table row of getTables. */
    public static final class TableWithRemarks extends CalciteMetaImpl.CalciteMetaTable {
        @SuppressWarnings("HidingField")
        public final String remarks;

        TableWithRemarks(Table table, String catalog, String schema, String name) {
            super(table, catalog, schema, name);
            this.remarks = meaning(name);
        }
    }

    /** A column row of getColumns. */
    public static final class ColumnWithRemarks extends MetaImpl.MetaColumn {
        @SuppressWarnings("HidingField")
        public final String remarks;

        ColumnWithRemarks(String catalog, String schema, String table, String column, int dataType, String typeName,
                Integer columnSize, Integer decimalDigits, int numPrecRadix, int nullable, Integer charOctetLength,
                int ordinalPosition, String isNullable) {
            super(catalog, schema, table, column, dataType, typeName, columnSize, decimalDigits, numPrecRadix,
                    nullable, charOctetLength, ordinalPosition, isNullable);
            List<? extends Column<?>> declared = columns(table);
            String meaning = declared == null ? null : declared.stream().filter(c -> c.name().equalsIgnoreCase(column))
                    .map(Column::meaning).findFirst().orElse(null);
            this.remarks = meaning != null || def(table) == null ? meaning : FleetSchema.ADDED_COLUMNS.get(column);
        }
    }

    static final CalciteMetaTableFactory TABLES = new CalciteMetaTableFactory() {
        @Override
        public MetaImpl.MetaTable createTable(Table table, String catalog, String schema, String name) {
            return new TableWithRemarks(table, catalog, schema, name);
        }

        @Override
        public Class<? extends MetaImpl.MetaTable> getMetaTableClass() {
            return TableWithRemarks.class;
        }
    };

    static final CalciteMetaColumnFactory COLUMNS = new CalciteMetaColumnFactory() {
        @Override
        public MetaImpl.MetaColumn createColumn(Table table, String catalog, String schema, String tableName,
                String columnName, int dataType, String typeName, Integer columnSize, Integer decimalDigits,
                int numPrecRadix, int nullable, Integer charOctetLength, int ordinalPosition, String isNullable) {
            return new ColumnWithRemarks(catalog, schema, tableName, columnName, dataType, typeName, columnSize,
                    decimalDigits, numPrecRadix, nullable, charOctetLength, ordinalPosition, isNullable);
        }

        @Override
        public Class<? extends MetaImpl.MetaColumn> getMetaColumnClass() {
            return ColumnWithRemarks.class;
        }
    };
}
