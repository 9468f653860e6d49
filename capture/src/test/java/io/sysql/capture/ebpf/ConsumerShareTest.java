package io.sysql.capture.ebpf;

import static io.sysql.capture.ebpf.ConsumerShare.Share.FAIR;
import static io.sysql.capture.ebpf.ConsumerShare.Share.IDLE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsumerShareTest {
    private static final long RING = 64 << 20;
    private static final long MS = 1_000_000L;
    private final ConsumerShare share = new ConsumerShare(RING);

    @Test
    void aConsumerThatKeepsUpStaysInIdleTime() {
        for (long t = 0, pos = 0; t < 1000 * MS; t += 5 * MS, pos += 4096) {
            assertThat(share.decide(pos + 100_000, pos, t)).isEqualTo(IDLE);
        }
    }

    @Test
    void aBackedUpRingPromotesAtOnceAndACaughtUpConsumerYieldsAgain() {
        assertThat(share.decide(0, 0, 0)).isEqualTo(IDLE);
        assertThat(share.decide(RING / 8 + 1, 0, 5 * MS)).as("an eighth of the ring waiting").isEqualTo(FAIR);
        assertThat(share.decide(RING / 4, RING / 8, 10 * MS)).as("draining, not caught up").isEqualTo(FAIR);
        assertThat(share.decide(RING / 4, RING / 4 - RING / 64, 15 * MS)).as("caught up").isEqualTo(IDLE);
    }

    @Test
    void recordsWaitingWithoutProgressPromoteEvenWhenFew() {
        assertThat(share.decide(4096, 0, 0)).isEqualTo(IDLE);
        assertThat(share.decide(8192, 0, ConsumerShare.STALL_NS)).isEqualTo(IDLE);
        assertThat(share.decide(8192, 0, ConsumerShare.STALL_NS + 5 * MS)).as("starved 105 ms").isEqualTo(FAIR);
        assertThat(share.decide(8192, 0, ConsumerShare.STALL_NS + 10 * MS))
                .as("no yielding before the promoted consumer has read anything").isEqualTo(FAIR);
        assertThat(share.decide(8192, 8192, ConsumerShare.STALL_NS + 15 * MS)).isEqualTo(IDLE);
    }

    @Test
    void anEmptyRingNeverCountsAsAStall() {
        for (long t = 0; t < 1000 * MS; t += 5 * MS) {
            assertThat(share.decide(4096, 4096, t)).isEqualTo(IDLE);
        }
    }
}
