package io.sysql.sql;

import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;

import java.sql.Timestamp;

/**
 * {@code EVT(n)}: names event {@code n} where SQL wants a TIMESTAMP, so that the standard
 * {@code FOR SYSTEM_TIME AS OF EVT(12345)} can say "as of event 12345". The planner reads the number
 * back out of the call; evaluated anywhere else it is just a timestamp of {@code n} milliseconds.
 */
public final class Evt {
    public static final String NAME = "EVT";

    private Evt() {
    }

    public static Timestamp evt(long num) {
        return new Timestamp(num);
    }

    static boolean isCall(RexNode node) {
        return node instanceof RexCall call && call.getOperator().getName().equalsIgnoreCase(NAME)
                && call.getOperands().size() == 1;
    }
}
