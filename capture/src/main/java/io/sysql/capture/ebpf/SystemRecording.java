package io.sysql.capture.ebpf;

import io.sysql.capture.event.Clock;
import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.proc.CpuSampler;
import io.sysql.capture.proc.ProcSnapshot;
import io.sysql.capture.source.EventSource;
import io.sysql.capture.source.SourceException;
import io.sysql.capture.source.SourceMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A system-wide recording: the {@code /proc} snapshot, then every system call of every process (but this
 * one), as one gapless stream of events.
 *
 * <p>Order of start (so that a process born between the snapshot and the attach cannot be missing): the
 * eBPF programs are attached first and their events held in memory while /proc is read; then the read
 * and the held events are written merged in time order, less the events the read already shows
 * ({@link SnapshotSplice}).
 *
 * <p>Drops: when the kernel could not fit events in the ring, a {@code drop} event (res = how many) is
 * followed by a fresh read of every process in /proc and a {@code resync} event, after which the state
 * is what /proc showed: processes that vanished meanwhile have exited (code -1), fds and threads closed
 * meanwhile are gone. Re-reads happen at most once per {@link #RESYNC_INTERVAL_NS}, and not while the reader
 * is behind (a re-read on its thread would make the kernel drop more); drops in between are announced by
 * the next one. The kernel does not say whose events it lost, so every process is re-read.
 *
 * <p>CPU time: every thread's is read in /proc every {@link #CPU_SAMPLE_MILLIS} ({@link CpuSampler}), and the
 * probe records the exact figure with each thread's death.
 */
public final class SystemRecording implements EventSource {
    static final long RESYNC_INTERVAL_NS = 1_000_000_000L;
    /**
     * How often every thread's CPU time is read in /proc: what a thread ran is known to within this (and
     * exactly at its death, which the probe records with its run time).
     */
    public static final long CPU_SAMPLE_MILLIS = 1000;
    /** Events the snapshot already showed, so not written twice. */
    public static final String SKIPPED = "skipped_seen_by_snapshot";
    public static final String RESYNCS = "resyncs_after_drops";
    private static final Path PROC = Path.of("/proc");

    private final EbpfRecorder recorder;
    private final int snaplen;
    private final String description;
    private final ProcSnapshot snapshot;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private boolean failed;
    private final SourceCounters counters = new SourceCounters();
    private final SnapshotSplice splice = new SnapshotSplice();
    private final Event marker = new Event();
    private final List<Event> held = new ArrayList<>();
    private final CpuSampler cpu = new CpuSampler(PROC, CpuSampler.everyProcessButThis(PROC), CPU_SAMPLE_MILLIS);
    private EventSink sink;
    /** Set, under the lock, once the held events are out: from then on events go straight through. */
    private volatile boolean live;
    private long unannouncedDrops;
    private long lastResync;

    /** @param description what the capture's metadata says was recorded */
    public SystemRecording(EbpfOptions options, ProcSnapshot snapshot, String description) {
        this.recorder = new EbpfRecorder(options);
        this.snaplen = options.snaplen();
        this.description = description;
        this.snapshot = snapshot;
    }

    @Override
    public String name() {
        return "ebpf";
    }

    @Override
    public String description() {
        return description;
    }

    /**
     * Attaches, writes the snapshot to {@code sink}, then the events since the attach; returns once events
     * flow to the sink as they come (on the recorder's thread).
     *
     * @throws SourceException when this machine cannot record with eBPF, or the BPF programs cannot be
     *                         loaded or attached
     */
    @Override
    public void start(EventSink sink) throws SourceException {
        String unsupported = EbpfRecorder.unsupportedReason().orElse(null);
        if (unsupported != null) {
            throw new SourceException("cannot record system-wide: " + unsupported, -1);
        }
        this.sink = sink;
        try {
            recorder.start(this::onEvent);
        } catch (EbpfException e) {
            throw new SourceException("cannot record system-wide: " + e.getMessage(), e);
        }
        List<Event> read = new ArrayList<>();
        splice.read(snapshot, true, e -> read.add(e.copy()), counters);
        synchronized (this) {
            deliverInTimeOrder(read);
            held.clear();
            live = true;
        }
        cpu.start();
    }

    /**
     * The snapshot's events and those recorded while it was read, merged in time order: each keeps its own
     * time (written after the whole snapshot, a call made during it would take the snapshot's last time,
     * since a capture's times never go back). The snapshot's events are in the order they were read.
     */
    private void deliverInTimeOrder(List<Event> read) {
        held.sort(Comparator.comparingLong(splice::placeInRead));
        int h = 0;
        for (Event snap : read) {
            while (h < held.size() && splice.placeInRead(held.get(h)) < snap.ts) {
                deliver(held.get(h++));
            }
            sink.accept(snap);
        }
        while (h < held.size()) {
            deliver(held.get(h++));
        }
    }

    /** A system recording runs until asked to stop. */
    @Override
    public void stop() {
        stopRequested.countDown();
    }

    /** Waits for {@link #stop}, detaches and delivers the rest; a pending re-read after drops is done before returning. */
    @Override
    public void awaitEnd() throws SourceException, InterruptedException {
        stopRequested.await();
        try {
            recorder.stop();
        } catch (EbpfException e) {
            failed = true;
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SourceException(e.getMessage() + ": " + cause, cause);
        } finally {
            cpu.close();
        }
        synchronized (this) {
            cpu.deliverAll(sink);
            if (unannouncedDrops > 0) {
                resync();
            }
        }
    }

    @Override
    public Map<String, Object> metadata() {
        return Map.of(SourceMetadata.SNAPLEN, snaplen);
    }

    @Override
    public boolean complete() {
        return !failed;
    }

    /** Counts of the snapshot, the recorder (drops, parse errors) and the splice. */
    @Override
    public SourceCounters counters() {
        SourceCounters all = new SourceCounters();
        all.add(SourceCounters.DROPS, 0); // "no drops" is worth saying in a system capture's metadata
        all.addAll(counters);
        all.addAll(recorder.counters());
        return all;
    }

    private void onEvent(Event e) {
        if (!live) {
            synchronized (this) {
                if (!live) {
                    held.add(e.copy());
                    return;
                }
            }
        }
        deliver(e);
    }

    private void deliver(Event e) {
        cpu.deliverUpTo(e.ts, sink);
        if (e.kind == EventKinds.DROP) {
            unannouncedDrops += e.res;
        } else if (splice.reflects(e)) {
            counters.increment(SKIPPED);
        } else {
            sink.accept(e);
        }
        if (unannouncedDrops > 0 && live && !recorder.isBehind()
                && System.nanoTime() - lastResync > RESYNC_INTERVAL_NS) {
            resync();
        }
    }

    private void resync() {
        cpu.deliverAll(sink);
        marker.clear();
        marker.kind = EventKinds.DROP;
        marker.ts = Clock.nowNanos();
        marker.res = unannouncedDrops;
        sink.accept(marker);
        unannouncedDrops = 0;
        splice.read(snapshot, false, sink, counters);
        marker.clear();
        marker.kind = EventKinds.RESYNC;
        marker.ts = Clock.nowNanos();
        sink.accept(marker);
        counters.increment(RESYNCS);
        lastResync = System.nanoTime();
    }
}
