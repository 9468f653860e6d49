package io.sysql.capture.proc;

import java.time.Instant;

/** Wall-clock time in ns since the epoch, the unit of every event's ts. */
final class WallClock {
    private WallClock() {
    }

    static long nowNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
