package io.sysql.capture.ebpf;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.EventSink;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.proc.BootClock;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Records the system calls of every process on the machine (but its own) through eBPF: the shipped BPF
 * object is loaded with libbpf, and a consumer thread reads the kernel's ring buffer and delivers each
 * record as an {@link Event} to the sink, in ring order (the order the kernel reserved the records).
 *
 * <p>Needs root, a kernel with BTF ({@code /sys/kernel/btf/vmlinux}) and {@code libbpf.so.1}; ask
 * {@link #unsupportedReason()} first. The sink runs on the consumer thread only. What the kernel could not
 * fit in the ring is counted ({@link SourceCounters#DROPS}) and announced by a {@code drop} event whose
 * {@code res} is the number lost since the previous one.
 *
 * <p>The consumer runs in the machine's idle time while it keeps up, and with a fair share of the CPU while
 * the ring backs up ({@link ConsumerShare}): the programs being recorded lose as little as possible to it.
 */
public final class EbpfRecorder implements AutoCloseable {
    private static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final long DROP_CHECK_NS = 50_000_000L;
    /** A drain of more than this fraction of the ring means the reader is behind: it does not sleep. */
    private static final int BEHIND_FRACTION = 64;
    private static final long SHARE_CHECK_NS = 5_000_000L;

    private final EbpfOptions options;
    private final SourceCounters counters = new SourceCounters();
    private BpfObject object;
    private RingBuffer ring;
    private Thread consumer;
    private Thread shareKeeper;
    private volatile int consumerTid;
    private volatile boolean stopping;
    private volatile boolean behind;
    private volatile Throwable failure;

    public EbpfRecorder(EbpfOptions options) {
        this.options = options;
    }

    public static boolean isSupported() {
        return unsupportedReason().isEmpty();
    }

    /** Why this machine cannot record with eBPF, or empty when it can. */
    public static Optional<String> unsupportedReason() {
        try {
            if (LibC.INSTANCE.geteuid() != 0) {
                return Optional.of("eBPF recording needs root");
            }
        } catch (UnsatisfiedLinkError e) {
            return Optional.of("libc is not reachable through JNA: " + e.getMessage());
        }
        if (!Files.isReadable(KERNEL_BTF)) {
            return Optional.of("the kernel has no BTF (" + KERNEL_BTF + "): CO-RE programs cannot load");
        }
        try {
            LibBpf.Holder.INSTANCE.libbpf_num_possible_cpus();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Optional.of(LibBpf.SONAME + " is missing (Debian: apt-get install libbpf1)");
        }
        if (BpfObject.class.getResource(BpfObject.RESOURCE) == null) {
            return Optional.of("the BPF object is not built (capture/src/main/bpf/build.sh)");
        }
        return Optional.empty();
    }

    /**
     * Loads and attaches the programs, then starts delivering events to {@code sink} from a consumer
     * thread. Events of calls made before this returns may be missing; none after.
     *
     * @throws EbpfException when the object cannot be loaded or attached
     */
    public synchronized void start(EventSink sink) {
        if (object != null) {
            throw new IllegalStateException("already started");
        }
        BpfObject obj = BpfObject.open(BpfObject.readResource());
        try {
            obj.configure((int) ProcessHandle.current().pid(), options);
            obj.load();
            ring = new RingBuffer(obj.ringBufferFd(), options.ringBufferBytes());
            obj.attachAll();
        } catch (RuntimeException e) {
            if (ring != null) {
                ring.close();
                ring = null;
            }
            obj.close();
            throw e;
        }
        object = obj;
        stopping = false;
        failure = null;
        Consumer loop = new Consumer(sink, LibC.bootClock());
        consumer = new Thread(loop, "sysql-ebpf-consumer");
        consumer.setDaemon(true);
        consumer.start();
        shareKeeper = new Thread(this::keepConsumerShare, "sysql-ebpf-share");
        shareKeeper.setDaemon(true);
        shareKeeper.start();
    }

    /**
     * Detaches the programs, delivers what is left in the ring, and releases the kernel objects.
     *
     * @throws EbpfException when the consumer thread failed (for instance, the sink threw)
     */
    public synchronized void stop() {
        if (object == null) {
            return;
        }
        stopping = true;
        try {
            consumer.join();
            shareKeeper.join(); // it reads the ring's mapping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ring.close();
        object.close();
        ring = null;
        object = null;
        if (failure != null) {
            throw new EbpfException("the eBPF consumer failed", failure);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public SourceCounters counters() {
        return counters;
    }

    /**
     * True while the reader is behind the kernel (its last pass read a large batch): no time for slow work
     * on the consumer thread, which would only make the kernel drop more.
     */
    public boolean isBehind() {
        return behind;
    }

    /**
     * Runs beside the consumer, which may be starved while it runs in idle time: moves it between idle
     * time and a fair share as {@link ConsumerShare} decides. Where the kernel refuses (no CAP_SYS_NICE),
     * the consumer keeps the share it started with.
     */
    private void keepConsumerShare() {
        ConsumerShare decider = new ConsumerShare(ring.dataSize());
        ConsumerShare.Share applied = ConsumerShare.Share.FAIR;
        while (!stopping) {
            int tid = consumerTid;
            if (tid != 0) {
                ConsumerShare.Share wanted = decider.decide(ring.producerPosition(), ring.releasedPosition(),
                        System.nanoTime());
                if (wanted != applied) {
                    int policy = wanted == ConsumerShare.Share.IDLE ? LibC.SCHED_IDLE : LibC.SCHED_OTHER;
                    if (LibC.INSTANCE.sched_setscheduler(tid, policy, new int[1]) != 0) {
                        return;
                    }
                    applied = wanted;
                }
            }
            LockSupport.parkNanos(SHARE_CHECK_NS);
        }
    }

    private static long wallNowNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Reads the ring until asked to stop, then detaches, drains and reports the last drops. */
    private final class Consumer implements Runnable {
        private final EventSink sink;
        private final RecordDecoder decoder;
        private final Event event = new Event();
        private long dropsSeen;
        private long lastDropCheck;

        Consumer(EventSink sink, BootClock clock) {
            this.sink = sink;
            this.decoder = new RecordDecoder(clock);
        }

        @Override
        public void run() {
            consumerTid = (int) LibC.INSTANCE.syscall(LibC.SYS_GETTID);
            try {
                while (!stopping) {
                    // A sleep after a small batch: a quiet or moderately busy machine is read in batches
                    // of a poll period (one wake-up each); a reader that is behind keeps reading.
                    long drained = ring.drain(this::onRecord);
                    behind = drained >= ring.dataSize() / BEHIND_FRACTION;
                    long now = System.nanoTime();
                    if (now - lastDropCheck > DROP_CHECK_NS) {
                        lastDropCheck = now;
                        checkDrops();
                    }
                    if (drained < ring.dataSize() / BEHIND_FRACTION) {
                        ring.await(options.pollMillis());
                    }
                }
                object.detach();
                ring.drain(this::onRecord);
                checkDrops();
            } catch (Throwable t) {
                failure = t;
                object.detach();
            }
        }

        private void onRecord(ByteBuffer buffer, int offset, int length) {
            if (!decoder.decode(buffer, offset, length, event)) {
                counters.increment(SourceCounters.PARSE_ERRORS);
                event.clear();
                event.kind = EventKinds.UNKNOWN;
                event.ts = wallNowNs();
                event.args = "undecodable eBPF record of " + length + " bytes, kind "
                        + (length >= 18 ? buffer.getShort(offset + RecordLayout.KIND) : -1);
            }
            sink.accept(event);
        }

        private void checkDrops() {
            long total = object.drops();
            if (total > dropsSeen) {
                long lost = total - dropsSeen;
                dropsSeen = total;
                counters.add(SourceCounters.DROPS, lost);
                event.clear();
                event.kind = EventKinds.DROP;
                event.ts = wallNowNs();
                event.res = lost;
                sink.accept(event);
            }
        }
    }
}
