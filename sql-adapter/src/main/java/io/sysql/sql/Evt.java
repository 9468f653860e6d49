package io.sysql.sql;

import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.tools.Program;

import java.sql.Timestamp;

/**
 * {@code EVT(n)}: names event {@code n} where SQL wants a TIMESTAMP, so that the standard
 * {@code FOR SYSTEM_TIME AS OF EVT(12345)} can say "as of event 12345". The planner reads the number
 * back out of the call. Evaluated anywhere else it would be a timestamp of {@code n} milliseconds, an
 * answer nobody asked for: an error instead.
 */
public final class Evt {
    public static final String NAME = "EVT";

    private Evt() {
    }

    /** Refuses, before the query runs, an EVT call the time-travel rules left in the plan. */
    static final Program REFUSE_ELSEWHERE = (planner, rel, requiredOutputTraits, materializations, lattices) -> {
        refuseIn(rel);
        return rel;
    };

    public static Timestamp evt(long num) {
        throw misplaced();
    }

    private static SysqlQueryException misplaced() {
        return new SysqlQueryException(NAME + "(n) names an event only in FOR SYSTEM_TIME AS OF " + NAME
                + "(n); elsewhere use the event's ts or event_time (SELECT event_time FROM events WHERE num = n)");
    }

    private static void refuseIn(RelNode rel) {
        rel.accept(new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (isCall(call)) {
                    throw misplaced();
                }
                return super.visitCall(call);
            }
        });
        rel.getInputs().forEach(Evt::refuseIn);
    }

    static boolean isCall(RexNode node) {
        return node instanceof RexCall call && call.getOperator().getName().equalsIgnoreCase(NAME)
                && call.getOperands().size() == 1;
    }
}
