package io.sysql.sql;

import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.storage.columns.HeadColumns;

/**
 * A scan's filters decided on the values of the capture's columns, each value once where it can be (an
 * array read per row for type and errno): the row loops of {@link HeadColumnScan} and
 * {@link EventAggregateTable} share it.
 */
final class ColumnFilter {
    static final int REJECT = 0;
    static final int ACCEPT = 1;
    /** A value is escaped in the columns: the filters must be applied to the event read from the journal. */
    static final int JOURNAL = 2;

    private final EventScanSpec spec;
    private final HeadColumns columns;
    /** {@link HeadColumns#ESCAPE} passes, to be read whole. */
    private final boolean[] errnoAccepted = new boolean[HeadColumns.ESCAPE + 1];
    private EventKind[] kinds = new EventKind[0];
    private boolean[] typeAccepted = new boolean[0];
    private final boolean pidCompared;
    private final int pid;
    /** The fd type code asked for ({@code Column.FD_TYPE}), -1 for any, -2 for a name no fd type has. */
    private final int fdType;
    private final boolean resCompared;
    private final boolean everyValue;
    private final long resLo;
    private final long resHi;

    ColumnFilter(EventScanSpec spec, HeadColumns columns) {
        this.spec = spec;
        this.columns = columns;
        for (int errno = 0; errno < HeadColumns.ESCAPE; errno++) {
            errnoAccepted[errno] = spec.acceptsErrno(errno);
        }
        errnoAccepted[HeadColumns.ESCAPE] = true;
        learnTypes();
        Long p = spec.pid();
        pidCompared = p != null;
        pid = p == null ? 0 : p.intValue();
        int code = spec.acceptsFdType(null) ? -1 : -2;
        for (FdType t : FdType.values()) {
            if (code == -2 && spec.acceptsFdType(t.sqlName())) {
                code = t.ordinal() + 1;
            }
        }
        fdType = code;
        resCompared = spec.resCompared();
        resLo = spec.resLo();
        resHi = spec.resHi();
        boolean every = !pidCompared && fdType == -1 && !resCompared && spec.acceptsType(null);
        for (int errno = 0; errno < HeadColumns.ESCAPE; errno++) {
            every &= errnoAccepted[errno];
        }
        everyValue = every;
    }

    /** Every row whose values the columns hold passes: the scan has no filter but its range. */
    boolean acceptsAll() {
        return everyValue;
    }

    /** No filter needs a column beside the head (type and errno): pid, fd type and res are not compared. */
    boolean decidesOnHeadOnly() {
        return !pidCompared && fdType == -1 && !resCompared;
    }

    /** Whether each errno passes ({@link HeadColumns#ESCAPE} does: the journal decides), by errno. */
    boolean[] errnoAccepted() {
        return errnoAccepted;
    }

    /** A known type id, not escaped, that the filters accept. */
    boolean acceptsTypeId(int type) {
        return type < typeAccepted.length && typeAccepted[type];
    }

    /** {@link #ACCEPT}, {@link #REJECT} or {@link #JOURNAL} for row {@code i} of the reader's block. */
    int test(HeadColumns.Reader r, int i) {
        int errno = r.errno(i);
        if (!errnoAccepted[errno]) {
            return REJECT;
        }
        int type = r.typeId(i);
        if (type >= typeAccepted.length) {
            learnTypes();
        }
        if (errno == HeadColumns.ESCAPE || type >= typeAccepted.length) {
            return JOURNAL;
        }
        if (!typeAccepted[type]
                || pidCompared && r.pid()[i] != pid
                || fdType != -1 && r.fdType()[i] != fdType) {
            return REJECT;
        }
        if (resCompared) {
            long res = r.res()[i];
            if (res < resLo || res > resHi) {
                return REJECT;
            }
        }
        return ACCEPT;
    }

    /** The kind of type id {@code id}, which {@link #test} has seen. */
    EventKind kind(int id) {
        return kinds[id];
    }

    /** Type ids written since the scan started: the dictionary has grown. */
    private void learnTypes() {
        String[] names = columns.typeNames();
        kinds = new EventKind[names.length];
        typeAccepted = new boolean[names.length];
        for (int t = 0; t < names.length; t++) {
            kinds[t] = EventKinds.of(names[t]);
            typeAccepted[t] = spec.acceptsType(names[t]);
        }
    }
}
