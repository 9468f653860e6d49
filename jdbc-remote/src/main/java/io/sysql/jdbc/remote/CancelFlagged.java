package io.sysql.jdbc.remote;

import java.util.concurrent.atomic.AtomicBoolean;

/** A statement of this driver: its cancel flag, set by {@code cancel()} without waiting for a running request. */
interface CancelFlagged {
    AtomicBoolean cancelFlag();
}
