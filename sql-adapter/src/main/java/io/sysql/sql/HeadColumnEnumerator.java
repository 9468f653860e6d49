package io.sysql.sql;

import io.sysql.capture.event.Event;
import org.apache.calcite.linq4j.Enumerator;

/** The rows of an events scan that the head columns answer (see {@link HeadColumnScan}). */
final class HeadColumnEnumerator implements Enumerator<Object[]> {
    private final HeadColumnScan scan;
    private final RowMaker<Event> maker;
    private Object[] current;

    HeadColumnEnumerator(HeadColumnScan scan, RowMaker<Event> maker) {
        this.scan = scan;
        this.maker = maker;
    }

    @Override
    public Object[] current() {
        return current;
    }

    @Override
    public boolean moveNext() {
        if (!scan.next()) {
            return false;
        }
        current = maker.row(scan.event());
        return true;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        scan.close();
    }
}
