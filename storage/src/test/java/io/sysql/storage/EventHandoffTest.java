package io.sysql.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events decoded on one thread reach the consumer on another: all of them, in order, failures reported. */
class EventHandoffTest {
    @Test
    void deliversEveryEventInOrderAcrossBatches() {
        List<Long> seen = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        int n = EventHandoff.BATCH_SIZE * (EventHandoff.BATCHES * 3) + 17;
        EventHandoff handoff = new EventHandoff(e -> {
            seen.add(e.ts);
            if (threads.isEmpty()) {
                threads.add(Thread.currentThread().getName());
            }
        }, "consumer");
        Event reused = new Event();
        for (int i = 1; i <= n; i++) {
            reused.clear();
            reused.ts = i;
            reused.kind = EventKinds.READ;
            handoff.accept(reused);
        }
        handoff.finish();

        assertThat(seen).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).isEqualTo(i + 1L);
        }
        assertThat(threads).containsExactly("consumer");
    }

    @Test
    void aConsumerFailureStopsTheProducerAndIsRethrownAsItWas() {
        UncheckedIOException disk = new UncheckedIOException(new IOException("disk full"));
        EventHandoff handoff = new EventHandoff(e -> {
            if (e.ts == 10) {
                throw disk;
            }
        }, "consumer");
        Event e = new Event();
        assertThatThrownBy(() -> {
            for (long i = 1; i < 100L * EventHandoff.BATCH_SIZE; i++) {
                e.ts = i;
                handoff.accept(e);
            }
        }).isInstanceOf(EventHandoff.Stopped.class).hasCause(disk);
        assertThatThrownBy(handoff::finish).isSameAs(disk);
    }

    @Test
    void closeEndsTheConsumerWhenTheProducerFails() {
        List<Long> seen = new ArrayList<>();
        try (EventHandoff handoff = new EventHandoff(e -> seen.add(e.ts), "consumer")) {
            Event e = new Event();
            e.ts = 1;
            handoff.accept(e);
        }
        assertThat(seen).as("what was accepted before is still delivered").containsExactly(1L);
    }
}
