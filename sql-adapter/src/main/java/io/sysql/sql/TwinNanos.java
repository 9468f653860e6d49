package io.sysql.sql;

import io.sysql.sql.schema.TableDef;
import io.sysql.sql.schema.Tables;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Snapshot;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedTableFunction;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.util.Util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The nanoseconds of a time twin (a TIMESTAMP column showing a BIGINT column of ns: {@code events.event_time} of
 * {@code ts}, {@code processes.start_time} of {@code start_ts}, ...; declared with {@link TableDef.Builder#timeOf}).
 * Calcite carries a TIMESTAMP as milliseconds, so for each result column that is a twin as its table holds it (also
 * AS OF a point, or from a function of the table's rows such as {@code fds_at} and {@code fds_during}; through
 * projections, filters, sorts and joins; not computed from it, which is the computed time), the plan also returns
 * the twin's ns column, after the columns the statement names. The
 * statement's signature says which result column each such carrier serves ({@link #carriers}); the driver's result
 * set puts its nanoseconds into that column's value and shows no carrier.
 */
public final class TwinNanos {
    /** The signature's internal parameter mapping a result column to the row position of its nanoseconds. */
    private static final String KEY = "sysql.twinNanos";
    private static final String CARRIER_NAME = "$nanos";

    private TwinNanos() {
    }

    /** A plan whose output starts with the fields of the plan it replaces and holds the ns of one of them at {@code field}. */
    private record Carried(RelNode rel, int field) {
    }

    /**
     * {@code root} with a carrier appended for each result column that is a time twin; {@code carriers} gets, for
     * each, the column's position and its carrier's.
     */
    static RelRoot carry(RelRoot root, Map<Integer, Integer> carriers) {
        RelNode rel = root.rel;
        List<Map.Entry<Integer, String>> fields = new ArrayList<>(root.fields);
        RelDataTypeFactory.Builder rowType = rel.getCluster().getTypeFactory().builder()
                .addAll(root.validatedRowType.getFieldList());
        for (int i = 0; i < root.fields.size(); i++) {
            Carried c = carry(rel, root.fields.get(i).getKey());
            if (c != null) {
                rel = c.rel();
                carriers.put(i, fields.size());
                fields.add(Map.entry(c.field(), CARRIER_NAME + i));
                rowType.add(CARRIER_NAME + i, rel.getRowType().getFieldList().get(c.field()).getType());
            }
        }
        return carriers.isEmpty() ? root
                : new RelRoot(rel, rowType.uniquify().build(), root.kind, fields, root.collation, root.hints);
    }

    /**
     * The signature of the statement {@code carriers} were planned for, recording them. Its rows are arrays then
     * (the carriers make a one-column result's rows arrays too).
     */
    static <T> CalcitePrepare.CalciteSignature<T> withCarriers(CalcitePrepare.CalciteSignature<T> signature,
            Map<Integer, Integer> carriers) {
        if (carriers.isEmpty()) {
            return signature;
        }
        Map<String, Object> internal = new LinkedHashMap<>(signature.internalParameters);
        internal.put(KEY, Map.copyOf(carriers));
        return new CalcitePrepare.CalciteSignature<>(signature.sql, signature.parameters, internal, signature.rowType,
                signature.columns, Meta.CursorFactory.ARRAY, signature.rootSchema, signature.getCollationList(), -1,
                signature::enumerable, signature.statementType); // the row limit is the enumerable's already
    }

    /**
     * For each result column of {@code signature} that shows a time twin, the position (from 0) in each row of
     * its nanoseconds since the epoch; the row holds them after the result's columns. Empty for other statements.
     */
    @SuppressWarnings("unchecked")
    public static Map<Integer, Integer> carriers(Meta.Signature signature) {
        return signature.internalParameters != null && signature.internalParameters.get(KEY) instanceof Map<?, ?> m
                ? (Map<Integer, Integer>) m : Map.of();
    }

    private static Carried carry(RelNode rel, int field) {
        if (rel instanceof TableScan scan) {
            String table = Util.last(scan.getTable().getQualifiedName());
            return Tables.ALL.stream().filter(def -> def.name().equals(table)).findFirst()
                    .map(def -> declared(def, scan, field)).orElse(null);
        }
        if (rel instanceof TableFunctionScan f && f.getCall() instanceof RexCall call
                && call.getOperator() instanceof SqlUserDefinedTableFunction udf
                && udf.getFunction() instanceof DeclaredRowsFunction function) {
            return declared(function.table(), f, field);
        }
        if (rel instanceof Filter || rel instanceof Sort || rel instanceof Snapshot) { // their rows are their input's
            Carried in = carry(rel.getInput(0), field);
            return in == null ? null : new Carried(rel.copy(rel.getTraitSet(), List.of(in.rel())), in.field());
        }
        if (rel instanceof Project p) {
            return p.getProjects().get(field) instanceof RexInputRef ref ? projected(p, carry(p.getInput(), ref.getIndex()))
                    : null;
        }
        if (rel instanceof Join || rel instanceof Correlate) {
            return joined(rel, field);
        }
        return null;
    }

    /** A scan of the rows of {@code def} carrying the nanoseconds of its {@code field}, if that is a twin. */
    private static Carried declared(TableDef<?> def, RelNode scan, int field) {
        List<String> names = scan.getRowType().getFieldNames();
        String nanos = def.nanosOf(names.get(field));
        int at = nanos == null ? -1 : names.indexOf(nanos);
        return at < 0 ? null : new Carried(scan, at);
    }

    private static Carried projected(Project p, Carried in) {
        if (in == null) {
            return null;
        }
        List<RexNode> exprs = new ArrayList<>(p.getProjects());
        exprs.add(RexInputRef.of(in.field(), in.rel().getRowType()));
        List<String> names = new ArrayList<>(p.getRowType().getFieldNames());
        names.add(CARRIER_NAME);
        names = SqlValidatorUtil.uniquify(names, true);
        return new Carried(p.copy(p.getTraitSet(), in.rel(), exprs,
                RexUtil.createStructType(p.getCluster().getTypeFactory(), exprs, names, null)), exprs.size() - 1);
    }

    /**
     * A join or correlate whose side holding {@code field} carries it. Fields appended to the left side would come
     * before the right side's, so a projection puts them after, where the join's own output ends.
     */
    private static Carried joined(RelNode rel, int field) {
        RelNode left = rel.getInput(0);
        RelNode right = rel.getInput(1);
        int leftCount = left.getRowType().getFieldCount();
        boolean leftOnly = rel.getRowType().getFieldCount() == leftCount; // semi and anti joins
        if (field >= leftCount) {
            Carried in = carry(right, field - leftCount);
            return in == null ? null : new Carried(rel.copy(rel.getTraitSet(), List.of(left, in.rel())), leftCount + in.field());
        }
        Carried in = carry(left, field);
        if (in == null) {
            return null;
        }
        int added = in.rel().getRowType().getFieldCount() - leftCount;
        if (added == 0) {
            return new Carried(rel.copy(rel.getTraitSet(), List.of(in.rel(), right)), in.field());
        }
        RelNode copy = rel instanceof Join j
                ? j.copy(j.getTraitSet(), RexUtil.shift(j.getCondition(), leftCount, added), in.rel(), right,
                        j.getJoinType(), j.isSemiJoinDone())
                : rel.copy(rel.getTraitSet(), List.of(in.rel(), right));
        if (leftOnly) {
            return new Carried(copy, in.field());
        }
        int rightCount = right.getRowType().getFieldCount();
        List<Integer> order = new ArrayList<>();
        IntStream.range(0, leftCount).forEach(order::add);
        IntStream.range(leftCount + added, leftCount + added + rightCount).forEach(order::add);
        IntStream.range(leftCount, leftCount + added).forEach(order::add);
        int carried = in.field() < leftCount ? in.field() : in.field() + rightCount;
        return new Carried(RelOptUtil.createProject(copy, order), carried);
    }
}
