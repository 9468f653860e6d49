package io.sysql.capture.scap;

/** Told now and then how far the reader got through the (decompressed) capture. */
@FunctionalInterface
public interface ScapProgress {
    ScapProgress NONE = (position, total, events) -> { };

    /**
     * @param position bytes of the decompressed capture read so far
     * @param total    size of the decompressed capture
     * @param events   events delivered so far (snapshot events included)
     */
    void update(long position, long total, long events);

    /**
     * Told now and then while a gzip-compressed capture is decompressed, before any event is read.
     *
     * @param compressedRead  bytes of the compressed file consumed so far
     * @param compressedTotal size of the compressed file
     */
    default void decompressing(long compressedRead, long compressedTotal) {
    }
}
