package io.sysql.sql;

import org.apache.calcite.schema.TemporalTable;

/**
 * A table that {@code FOR SYSTEM_TIME AS OF} moves: Calcite validates the clause only on a {@link TemporalTable}
 * and asks for its period's columns, which sysql's state tables have as versions' validity (the history tables).
 */
interface MovesWithAsOf extends TemporalTable {
    @Override
    default String getSysStartFieldName() {
        return "valid_from_num";
    }

    @Override
    default String getSysEndFieldName() {
        return "valid_to_num";
    }
}
