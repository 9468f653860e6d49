package io.sysql.sql;

import io.sysql.storage.Capture;
import io.sysql.storage.CaptureException;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One capture of a {@link Fleet}: opened at its first use. Its rows are read by the single-capture
 * tables, each run in a context whose {@value SysqlSchema#NAME} schema is this capture's, so the fleet
 * reuses every scan, pushdown and AS OF resolution of a single capture as it is.
 */
final class FleetMember {
    private final Fleet fleet;
    private final Path dir;
    private final String name;
    private final String host;
    private final Map<DataContext, DataContext> contexts = Collections.synchronizedMap(new WeakHashMap<>());
    private SysqlSchema schema;
    private SchemaPlus root;

    FleetMember(Fleet fleet, Path dir, String name, String host) {
        this.fleet = fleet;
        this.dir = dir;
        this.name = name;
        this.host = host;
    }

    /** The {@code capture} column's value. */
    String name() {
        return name;
    }

    /** The {@code host} column's value. */
    String host() {
        return host;
    }

    /** The capture as messages name it: {@code NAME (host HOST)}. */
    String described() {
        return name + " (host " + host + ")";
    }

    /** This capture's schema, opening the capture at the first call. */
    synchronized SysqlSchema schema() {
        if (schema == null) {
            Capture capture;
            try {
                capture = Capture.open(dir);
            } catch (CaptureException e) {
                throw new SysqlQueryException(e.getMessage(), e);
            }
            schema = new SysqlSchema(capture);
            root = CalciteSchema.createRootSchema(false, false).plus();
            root.add(SysqlSchema.NAME, schema);
            fleet.opened(this, capture.damage());
        }
        return schema;
    }

    /**
     * The context the single-capture tables run in for this capture during the execution {@code query}:
     * the same one for the whole execution, so that it sees one end of the capture.
     */
    DataContext contextIn(DataContext query) {
        schema();
        return contexts.computeIfAbsent(query, MemberContext::new);
    }

    private synchronized SchemaPlus root() {
        return root;
    }

    synchronized void close() {
        if (schema != null) {
            schema.capture().close();
        }
    }

    /**
     * The query's context (its parameters, time zone, cancel flag) over this capture's schema. It holds
     * the query's context weakly: it is the value of a weak map keyed by that context.
     */
    private final class MemberContext implements DataContext {
        private final WeakReference<DataContext> query;

        MemberContext(DataContext query) {
            this.query = new WeakReference<>(query);
        }

        private DataContext query() {
            DataContext q = query.get();
            if (q == null) {
                throw new IllegalStateException("the query of this context has ended");
            }
            return q;
        }

        @Override
        public SchemaPlus getRootSchema() {
            return root();
        }

        @Override
        public JavaTypeFactory getTypeFactory() {
            return query().getTypeFactory();
        }

        @Override
        public QueryProvider getQueryProvider() {
            return query().getQueryProvider();
        }

        @Override
        public Object get(String name) {
            return query().get(name);
        }
    }
}
