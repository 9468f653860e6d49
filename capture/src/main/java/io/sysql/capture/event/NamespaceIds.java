package io.sysql.capture.event;


/**
 * Each thread's ids inside its innermost pid namespace, as the snapshot or its clone exit gave them, so that
 * the thread's later events carry them too (a scap event header holds only the host tid).
 */
public final class NamespaceIds {
    private static final long NONE = Long.MIN_VALUE;

    private final TidMap ids = new TidMap();

    public void remember(int tid, long vpid, long vtid) {
        if (vpid >= 0 && vtid >= 0) {
            ids.put(tid, vpid << 32 | vtid & 0xFFFFFFFFL);
        }
    }

    /** Sets the event's vpid and vtid from what is known of its thread; leaves them unset otherwise. */
    public void applyTo(Event e) {
        long packed = ids.get(e.tid, NONE);
        if (packed != NONE) {
            e.vpid = (int) (packed >>> 32);
            e.vtid = (int) packed;
        }
    }

    public void forget(int tid) {
        ids.remove(tid, NONE);
    }
}
