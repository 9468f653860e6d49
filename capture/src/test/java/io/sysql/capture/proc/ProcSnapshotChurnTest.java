package io.sysql.capture.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.SourceCounters;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Whole-machine scans while short-lived processes come and go: nothing fails, gone ones are counted. */
class ProcSnapshotChurnTest {
    private static final int SCANS = 30;

    @Test
    void scansSurviveProcessesExitingUnderThem() throws Exception {
        assumeTrue(Commands.exists("true"), "true is not installed");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger spawned = new AtomicInteger();
        Thread spawner = new Thread(() -> {
            while (!stop.get()) {
                try {
                    new ProcessBuilder("sh", "-c", "true & true & true & wait").start().waitFor();
                    spawned.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        spawner.start();
        SourceCounters counters = new SourceCounters();
        ProcSnapshot snapshot = ProcSnapshot.ofThisMachine();
        int self = (int) ProcessHandle.current().pid();
        long slowestNs = 0;
        try {
            for (int i = 0; i < SCANS; i++) {
                Set<Integer> pids = new HashSet<>();
                long start = System.nanoTime();
                snapshot.emitAll(e -> {
                    if (e.kind == EventKinds.SNAP_PROCESS) {
                        pids.add(e.pid);
                    }
                }, counters);
                slowestNs = Math.max(slowestNs, System.nanoTime() - start);
                assertThat(pids).contains(self);
            }
        } finally {
            stop.set(true);
            spawner.join();
        }
        System.out.printf("%d scans while %d shell groups came and went; slowest scan %d ms; counters %s%n",
                SCANS, spawned.get(), slowestNs / 1_000_000, counters.snapshot());
        assertThat(spawned.get()).isPositive();
        assertThat(counters.snapshot().keySet()).isSubsetOf(
                List.of(SourceCounters.VANISHED, SourceCounters.PERMISSION_DENIED));
    }
}
