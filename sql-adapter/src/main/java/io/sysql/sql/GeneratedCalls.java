package io.sysql.sql;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Primitive;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/** The code Calcite generates for sysql's table functions: a call of one static method per function. */
final class GeneratedCalls {
    private GeneratedCalls() {
    }

    /**
     * {@code method(root, constants..., operands...)}: the query's context, values fixed when the statement is
     * planned, then each SQL operand as an Object (boxed, so that a NULL stays null).
     */
    static Expression of(Method method, List<Expression> constants, List<Expression> operands) {
        List<Expression> args = new ArrayList<>();
        args.add(DataContext.ROOT);
        args.addAll(constants);
        for (Expression operand : operands) {
            Expression boxed = Primitive.is(operand.getType()) ? Expressions.box(operand) : operand;
            args.add(Expressions.convert_(boxed, Object.class));
        }
        return Expressions.call(method, args);
    }
}
