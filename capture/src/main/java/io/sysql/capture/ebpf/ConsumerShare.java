package io.sysql.capture.ebpf;

/**
 * How much of the CPU the ring's consumer should claim. It runs in the machine's idle time by default, so
 * that the programs being recorded lose as little as possible to it (on a busy loopback server, a reader
 * that wakes up and preempts the server or its client stalls both); it claims a fair share as soon as the
 * ring backs up or stops draining, and yields again once it has caught up. What it costs: on a saturated
 * machine the capture trails the kernel by up to {@link #STALL_NS} before the consumer is promoted.
 *
 * <p>Decides from the ring's two positions only, so a thread other than the consumer (which may be
 * starved) can call it.
 */
final class ConsumerShare {
    enum Share { IDLE, FAIR }

    /** Records waiting this long with no progress promote the consumer, whatever their number. */
    static final long STALL_NS = 100_000_000L;

    private final long backedUp;
    private final long caughtUp;
    private Share share = Share.IDLE;
    private long lastConsumed = -1;
    private long lastProgressNs;
    private long promotedNs;

    /** @param ringBytes the ring's data size: backed up at an eighth of it, caught up at a 64th */
    ConsumerShare(long ringBytes) {
        this.backedUp = ringBytes / 8;
        this.caughtUp = ringBytes / 64;
    }

    /** The share the consumer should have now, given how far the kernel wrote and the consumer read. */
    Share decide(long producerPos, long consumerPos, long nowNs) {
        long pending = producerPos - consumerPos;
        if (consumerPos != lastConsumed || pending == 0) {
            lastConsumed = consumerPos;
            lastProgressNs = nowNs;
        }
        if (share == Share.IDLE) {
            if (pending > backedUp || nowNs - lastProgressNs > STALL_NS) {
                share = Share.FAIR;
                promotedNs = nowNs;
            }
        } else if (pending <= caughtUp && lastProgressNs > promotedNs) {
            share = Share.IDLE;
        }
        return share;
    }
}
