package io.sysql.capture.proc;

import io.sysql.capture.event.Clock;
import io.sysql.capture.event.CpuTime;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Reads the CPU time of the threads of some processes in {@code /proc} (each thread's user and system
 * time in its {@code task/TID/stat}, in USER_HZ ticks: 10 ms) at a fixed interval, and delivers a
 * {@code cpu_sample} event for each thread whose time changed since the previous read (every thread, at
 * the first). A thread that makes no system call (a busy loop) is seen this way too, which a tracer that
 * sees calls alone cannot do. What a thread ran between its last read and its death is not seen.
 *
 * <p>Reads run on a thread of their own and queue their events; the source delivers them on its own thread,
 * among its events in time order ({@link #deliverUpTo}), so that neither waits for the other and a
 * capture's times stay in order.
 */
public final class CpuSampler implements AutoCloseable {
    private final Path procRoot;
    private final Supplier<int[]> pids;
    private final long intervalMillis;
    private final Queue<Event> pending = new ConcurrentLinkedQueue<>();
    /** By tid: user and system ticks at the last read. */
    private Map<Integer, long[]> last = new HashMap<>();
    private Thread thread;
    private volatile boolean running;

    /**
     * @param pids the processes to read at each pass (asked anew each time)
     */
    public CpuSampler(Path procRoot, Supplier<int[]> pids, long intervalMillis) {
        this.procRoot = procRoot;
        this.pids = pids;
        this.intervalMillis = intervalMillis;
    }

    /** Every process of the machine but this one. */
    public static Supplier<int[]> everyProcessButThis(Path procRoot) {
        int self = (int) ProcessHandle.current().pid();
        return () -> {
            try {
                return Arrays.stream(ProcFiles.numericEntries(procRoot)).filter(p -> p != self).toArray();
            } catch (IOException unreadable) {
                return new int[0];
            }
        };
    }

    /** Reads now, then every interval, on a daemon thread, until {@link #close}. */
    public void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                sampleNow();
                LockSupport.parkNanos(intervalMillis * 1_000_000L);
            }
        }, "sysql-cpu-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** One read of every thread of the processes, on the caller's thread. */
    synchronized void sampleNow() {
        Map<Integer, long[]> seen = new HashMap<>();
        for (int pid : pids.get()) {
            Path tasks = procRoot.resolve(Integer.toString(pid)).resolve("task");
            int[] tids;
            try {
                tids = ProcFiles.numericEntries(tasks);
            } catch (IOException gone) {
                continue;
            }
            for (int tid : tids) {
                StatLine stat;
                try {
                    stat = StatLine.parse(ProcFiles.readAscii(tasks.resolve(Integer.toString(tid)).resolve("stat")));
                } catch (IOException | RuntimeException goneOrUnreadable) {
                    continue;
                }
                long[] now = {stat.userTicks(), stat.systemTicks()};
                long[] before = last.get(tid);
                seen.put(tid, now);
                if (before == null || before[0] != now[0] || before[1] != now[1]) {
                    pending.add(sample(pid, tid, now));
                }
            }
        }
        last = seen;
    }

    private static Event sample(int pid, int tid, long[] ticks) {
        Event e = Event.of(EventKinds.CPU_SAMPLE, pid, tid);
        e.ts = Clock.nowNanos();
        CpuTime.setTicks(e, ticks[0], ticks[1]);
        return e;
    }

    /** Delivers the samples read at or before {@code ts} (call it before delivering an event of that time). */
    public void deliverUpTo(long ts, EventSink sink) {
        Event e;
        while ((e = pending.peek()) != null && e.ts <= ts) {
            sink.accept(pending.poll());
        }
    }

    /** Delivers every sample read so far. */
    public void deliverAll(EventSink sink) {
        deliverUpTo(Long.MAX_VALUE, sink);
    }

    /** Stops the periodic reads, then reads once more: the latest times are in. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            thread.join();
            thread = null;
        }
        sampleNow();
    }
}
