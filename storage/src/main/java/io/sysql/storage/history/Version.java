package io.sysql.storage.history;

/**
 * A row of state valid over a span of events: from {@code validFromNum} to {@code validToNum}, both
 * inclusive. A version still valid at the end of the capture has {@code validToNum == OPEN}.
 */
public abstract class Version {
    public static final long OPEN = Long.MAX_VALUE;

    public final long validFromNum;
    public final long validFromTs;
    long validToNum = OPEN;
    long validToTs = OPEN;
    /** Position in its {@link VersionList}. */
    int listIndex;

    protected Version(long validFromNum, long validFromTs) {
        this.validFromNum = validFromNum;
        this.validFromTs = validFromTs;
    }

    public long validToNum() {
        return validToNum;
    }

    public long validToTs() {
        return validToTs;
    }

    public boolean isOpen() {
        return validToNum == OPEN;
    }

    public boolean validAt(long num) {
        return validFromNum <= num && num <= validToNum;
    }

    /** A version replaced within the event that opened it was never visible. */
    public boolean isEmpty() {
        return validToNum < validFromNum;
    }

    /** Restores the end of a version read back from a persisted index. */
    public void restoreEnd(long toNum, long toTs) {
        validToNum = toNum;
        validToTs = toTs;
    }
}
