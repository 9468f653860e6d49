package io.sysql.capture.ebpf;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind.KernelRead;
import io.sysql.capture.event.EventKinds;

/**
 * How the eBPF recorder records.
 *
 * @param snaplen data bytes kept per data-moving call (1..4095)
 * @param ringBufferBytes size of the kernel ring buffer, a power of two of at least one page; what does
 *     not fit while the reader is behind is dropped (and counted)
 * @param pollMillis how long the reader sleeps after reading a small batch (the kernel never wakes it: a
 *     wake-up per record would cost the traced programs more than the reader's timer); the ring must hold
 *     what arrives meanwhile
 * @param allSyscalls record every system call, not only those that change or move what sysql models
 *     (fds, processes, data); the others carry their raw arguments
 */
public record EbpfOptions(int snaplen, int ringBufferBytes, int pollMillis, boolean allSyscalls) {
    public static final int MAX_SNAPLEN = RecordLayout.AREA - 1;

    public EbpfOptions {
        if (snaplen < 1 || snaplen > MAX_SNAPLEN) {
            throw new IllegalArgumentException("snaplen must be in 1.." + MAX_SNAPLEN + ": " + snaplen);
        }
        if (ringBufferBytes < 4096 || Integer.bitCount(ringBufferBytes) != 1) {
            throw new IllegalArgumentException("ring buffer size must be a power of two >= 4096: " + ringBufferBytes);
        }
        if (pollMillis < 1) {
            throw new IllegalArgumentException("pollMillis must be positive: " + pollMillis);
        }
    }

    /** Snaplen 80, a 64 MiB ring, 10 ms polls, the state-changing and data-moving calls only. */
    public static EbpfOptions defaults() {
        return new EbpfOptions(Event.DEFAULT_SNAPLEN, 64 << 20, 10, false);
    }

    public EbpfOptions withSnaplen(int value) {
        return new EbpfOptions(value, ringBufferBytes, pollMillis, allSyscalls);
    }

    public EbpfOptions withRingBufferBytes(int value) {
        return new EbpfOptions(snaplen, value, pollMillis, allSyscalls);
    }

    public EbpfOptions withPollMillis(int value) {
        return new EbpfOptions(snaplen, ringBufferBytes, value, allSyscalls);
    }

    public EbpfOptions withAllSyscalls(boolean value) {
        return new EbpfOptions(snaplen, ringBufferBytes, pollMillis, value);
    }

    /**
     * What the probe reads at the exit of each call, by x86_64 call number: sysql.bpf.c's
     * sysql_settings.actions, an {@link KernelRead} ordinal per call (bench/ring-reader.c loads it too).
     */
    public byte[] kernelReads() {
        byte[] actions = new byte[RecordLayout.SET_NR_SYSCALLS];
        for (int nr = 0; nr < actions.length; nr++) {
            KernelRead read = EventKinds.ofX86(nr).kernelRead();
            if (read == KernelRead.SKIP && allSyscalls) {
                read = KernelRead.PLAIN;
            }
            actions[nr] = (byte) read.ordinal();
        }
        return actions;
    }
}
