package io.sysql.jdbc.remote;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Avatica's statement whose {@code cancel()} returns at once: Avatica's holds the statement's monitor,
 * which a running execute request also holds, so it would wait for the very query it should stop.
 */
final class RemoteStatement extends AvaticaStatement implements CancelFlagged {
    RemoteStatement(AvaticaConnection connection, Meta.StatementHandle h, int type, int concurrency, int holdability) {
        super(connection, h, type, concurrency, holdability);
    }

    @Override
    public void cancel() {
        cancelFlag.set(true); // StatementWatch sees it and stops the query on the server
    }

    @Override
    public AtomicBoolean cancelFlag() {
        return cancelFlag;
    }
}
