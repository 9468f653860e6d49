package io.sysql.sql;

import io.sysql.sql.SqlTokens.Kind;
import io.sysql.sql.SqlTokens.Token;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.util.CancelFlag;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.ProxyingMetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalcitePrepareImpl;

import java.lang.reflect.Type;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Calcite's statement preparation with sysql's additions: the AS OF shorthand rewrite (errors mapped
 * back to the text the user typed), result columns named by their text ({@link NamingParser}), refusal of anything that would modify a capture, the
 * time-travel planner rules and the events count pushdown, and plans shared by queries that differ only in
 * their literals ({@link PlanCache}). Used by the embedded driver and, through it, by the Avatica server.
 */
public class SysqlPrepare extends CalcitePrepareImpl {
    private static final Set<String> MODIFYING = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "CREATE",
            "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "REPLACE");
    /**
     * The time-twin carriers ({@link TwinNanos}) of the statement this thread prepares, from its planning to its
     * signature; unset for a statement that returns no rows of its own (EXPLAIN) or has no text.
     */
    private static final ThreadLocal<Map<Integer, Integer>> CARRIERS = new ThreadLocal<>();

    @Override
    public <T> CalciteSignature<T> prepareSql(CalcitePrepare.Context context, Query<T> query, Type elementType,
            long maxRowCount) {
        if (query.sql == null) {
            return super.prepareSql(context, query, elementType, maxRowCount);
        }
        refuseModification(query.sql);
        GenericStatement generic = GenericStatement.of(query.sql);
        if (generic == null) {
            return prepareText(context, query.sql, elementType, maxRowCount);
        }
        return PlanCache.of(context).signature(query.sql, generic, context, elementType, maxRowCount,
                () -> prepareText(context, generic.text(), elementType, maxRowCount),
                () -> prepareText(context, query.sql, elementType, maxRowCount));
    }

    /** Calcite's preparation of {@code text}, after sysql's rewrites, with its errors told in the user's terms. */
    private <T> CalciteSignature<T> prepareText(CalcitePrepare.Context context, String text, Type elementType,
            long maxRowCount) {
        String zone = context.config().timeZone();
        RewrittenSql sql = SqlRewrite.of(text, zone == null ? ZoneId.systemDefault() : ZoneId.of(zone));
        Map<Integer, Integer> outer = CARRIERS.get();
        Map<Integer, Integer> carriers = new HashMap<>();
        CARRIERS.set(firstWord(text).equals("EXPLAIN") ? null : carriers);
        try {
            CalciteSignature<T> signature = TwinNanos.withCarriers(super.prepareSql(context, Query.of(sql.text()),
                    elementType, maxRowCount), carriers);
            AsOfTimeParameters.note(signature, sql);
            return signature;
        } catch (RuntimeException e) {
            if (MemoryBudget.PLANNING_STOP.get() && MemoryBudget.exceeded()) { // the planner gave up, cut short
                throw new SysqlQueryException(MemoryBudget.message("planning"), e);
            }
            throw QueryErrors.explain(e, sql);
        } catch (StackOverflowError e) {
            throw QueryErrors.tooDeep(e);
        } finally {
            CARRIERS.set(outer);
        }
    }

    /** Drops the plans kept for {@code connection} ({@link PlanCache}), which hold its tables: it is closing. */
    public static void forgetPlans(CalciteConnection connection) {
        PlanCache.forget(connection.getRootSchema().unwrap(CalciteSchema.class));
    }

    private static void refuseModification(String sql) {
        String first = firstWord(sql);
        if (MODIFYING.contains(first)) {
            throw new SysqlQueryException("sysql captures are read-only: " + first + " is not allowed");
        }
    }

    /** The statement's first word, upper case, or "" when it starts otherwise. */
    private static String firstWord(String sql) {
        for (Token t : SqlTokens.of(sql)) {
            if (t.kind() != Kind.SYMBOL) {
                return t.kind() == Kind.WORD ? t.upper() : "";
            }
        }
        return "";
    }

    /** Calcite's parser, or the one that names unnamed result columns when Calcite's default is in use. */
    @Override
    protected SqlParser createParser(String sql, SqlParser.Config config) {
        return super.createParser(sql, config.parserFactory() == SqlParserImpl.FACTORY
                ? config.withParserFactory(NamingParser.FACTORY) : config);
    }

    @Override
    protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext,
            org.apache.calcite.plan.Context externalContext,
            RelOptCostFactory costFactory) {
        // The planner stops (Calcite checks its cancel flag between rule firings) when the heap is past its budget.
        org.apache.calcite.plan.Context base = externalContext != null ? externalContext
                : Contexts.of(prepareContext.config());
        RelOptPlanner planner = super.createPlanner(prepareContext,
                Contexts.chain(Contexts.of(new CancelFlag(MemoryBudget.PLANNING_STOP)), base), costFactory);
        TimeTravelRules.register(planner);
        planner.addRule(EnumerableStateAtEachRow.RULE);
        planner.addRule(EventAggregateRule.INSTANCE);
        planner.addRule(EventCountsRule.INSTANCE);
        return planner;
    }

    /**
     * Calcite's cluster, answering metadata (row counts, costs...) through proxies over the providers rather
     * than through handler classes Janino generates and compiles at their first use: that compiling costs
     * every process that plans a statement (each CLI command is one) 0.2-0.4 s of CPU, while planning a
     * warm statement takes as long either way.
     */
    @Override
    protected RelOptCluster createCluster(RelOptPlanner planner, RexBuilder rexBuilder) {
        RelOptCluster cluster = super.createCluster(planner, rexBuilder);
        cluster.setMetadataQuerySupplier(
                () -> new RelMetadataQuery(new ProxyingMetadataHandlerProvider(cluster.getMetadataProvider())));
        return cluster;
    }

    /**
     * Calcite's statement, with {@link StateAtEachRowRules}' and {@link CaptureChoiceThroughJoins}' Hep passes
     * before its own optimisation, and after
     * it the refusal of a stray {@link Evt}, the {@link EnumerableStopCheck}s and the {@link EnumerableHeldRows}.
     */
    @Override
    protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context, Type elementType,
            CalciteCatalogReader catalogReader, RelOptPlanner planner) {
        JavaTypeFactory typeFactory = context.getTypeFactory();
        EnumerableRel.Prefer prefer = elementType == Object[].class ? EnumerableRel.Prefer.ARRAY
                : EnumerableRel.Prefer.CUSTOM;
        RelOptCluster cluster = createCluster(planner, new RexBuilder(typeFactory));
        return new CalcitePreparingStmt(this, context, catalogReader, typeFactory, context.getRootSchema(), prefer,
                cluster, EnumerableConvention.INSTANCE, createConvertletTable()) {
            @Override
            protected RelRoot trimUnusedFields(RelRoot root) {
                Map<Integer, Integer> carriers = CARRIERS.get();
                RelRoot carried = carriers == null ? root : TwinNanos.carry(root, carriers);
                return super.trimUnusedFields(carried.withRel(TimeTravelRules.bindFleetRowsBeforeTrimming(carried.rel)));
            }

            @Override
            protected Program getProgram() {
                return Programs.sequence(StateAtEachRowRules.PROGRAM, CaptureChoiceThroughJoins.PROGRAM, super.getProgram(),
                        EmptyScanProjection.PROGRAM, Evt.REFUSE_ELSEWHERE, EnumerableStopCheck.PROGRAM, EnumerableHeldRows.PROGRAM);
            }
        };
    }

}
