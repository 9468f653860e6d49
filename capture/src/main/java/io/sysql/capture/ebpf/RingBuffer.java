package io.sysql.capture.ebpf;

import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A BPF ring buffer read directly from its memory mapping, without libbpf's per-record callback.
 *
 * <p>The kernel's layout (stable ABI, kernel/bpf/ringbuf.c): a page holding the consumer position, which
 * the reader writes; a page holding the producer position; then the data area, mapped twice in a row so
 * that a record wrapping around the end reads as contiguous. Each record starts with an 8-byte header:
 * a 32-bit length with a BUSY bit (not yet committed) and a DISCARD bit, and a page offset; records are
 * 8-byte aligned.
 */
final class RingBuffer implements AutoCloseable {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final int BUSY_BIT = 1 << 31;
    private static final int DISCARD_BIT = 1 << 30;
    private static final int RECORD_HEADER = 8;

    /** Receives each record; the buffer is only valid during the call. */
    interface RecordHandler {
        void onRecord(ByteBuffer buffer, int offset, int length);
    }

    private final int pageSize;
    private final long dataSize;
    private final long mask;
    private final Pointer consumerPage;
    private final Pointer producerPages;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private final ByteBuffer data;
    private final long releaseBytes;
    private long consumerPos;

    RingBuffer(int mapFd, int dataSize) {
        LibC c = LibC.INSTANCE;
        this.pageSize = c.getpagesize();
        this.dataSize = dataSize;
        this.mask = dataSize - 1L;
        this.releaseBytes = dataSize / 256;
        this.consumerPage = map(mapFd, pageSize, LibC.PROT_READ | LibC.PROT_WRITE, 0);
        Pointer producerMapping;
        try {
            producerMapping = map(mapFd, pageSize + 2L * dataSize, LibC.PROT_READ, pageSize);
        } catch (EbpfException e) {
            c.munmap(consumerPage, pageSize);
            throw e;
        }
        this.producerPages = producerMapping;
        this.consumer = consumerPage.getByteBuffer(0, pageSize).order(ByteOrder.nativeOrder());
        this.producer = producerPages.getByteBuffer(0, pageSize).order(ByteOrder.nativeOrder());
        this.data = producerPages.getByteBuffer(pageSize, 2L * dataSize).order(ByteOrder.nativeOrder());
        this.consumerPos = (long) LONG.getAcquire(consumer, 0);
    }

    private static Pointer map(int fd, long length, int prot, long offset) {
        Pointer p = LibC.INSTANCE.mmap(null, length, prot, LibC.MAP_SHARED, fd, offset);
        if (p == null || Pointer.nativeValue(p) == LibC.MAP_FAILED) {
            throw new EbpfException("mmap of the ring buffer: " + LibC.INSTANCE.strerror(com.sun.jna.Native.getLastError()));
        }
        return p;
    }

    /**
     * Hands every committed record to the handler; returns how many bytes of the ring they took. Their space is given back to the
     * kernel once per batch (every {@link #releaseBytes} bytes and at the end), not per record: the
     * consumer position shares a cache line with the kernel, which reads it on every reservation. Batches
     * stay small enough (a 256th of the ring) for {@link ConsumerShare} to see a slow reader advance.
     */
    long drain(RecordHandler handler) {
        long start = consumerPos;
        long released = consumerPos;
        long producerPos = producerPosition();
        while (consumerPos < producerPos) {
            int offset = (int) (consumerPos & mask);
            int header = (int) INT.getAcquire(data, offset);
            if ((header & BUSY_BIT) != 0) {
                break;
            }
            int length = header & ~(BUSY_BIT | DISCARD_BIT);
            if ((header & DISCARD_BIT) == 0) {
                handler.onRecord(data, offset + RECORD_HEADER, length);
            }
            consumerPos += (length + RECORD_HEADER + 7) & ~7L;
            if (consumerPos - released >= releaseBytes) {
                LONG.setRelease(consumer, 0, consumerPos);
                released = consumerPos;
            }
            if (consumerPos >= producerPos) {
                producerPos = producerPosition();
            }
        }
        if (consumerPos != released) {
            LONG.setRelease(consumer, 0, consumerPos);
        }
        return consumerPos - start;
    }

    /** Waits for more records: the kernel never wakes the reader (see sysql.bpf.c), so this is a sleep. */
    void await(int millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** How far the kernel has written; any thread may ask. */
    long producerPosition() {
        return (long) LONG.getAcquire(producer, 0);
    }

    /** How far the reader has given space back to the kernel; any thread may ask. */
    long releasedPosition() {
        return (long) LONG.getAcquire(consumer, 0);
    }

    long dataSize() {
        return dataSize;
    }

    @Override
    public void close() {
        LibC c = LibC.INSTANCE;
        c.munmap(producerPages, pageSize + 2L * dataSize);
        c.munmap(consumerPage, pageSize);
    }
}
