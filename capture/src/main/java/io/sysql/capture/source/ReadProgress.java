package io.sysql.capture.source;

/** Told now and then how far a file source got through the (decompressed) file. */
@FunctionalInterface
public interface ReadProgress {
    ReadProgress NONE = (position, total, events) -> { };

    /**
     * @param position bytes of the decompressed file read so far
     * @param total    size of the decompressed file
     * @param events   events delivered so far (snapshot events included)
     */
    void update(long position, long total, long events);

    /**
     * Told now and then while a gzip-compressed file is decompressed, before any event is read.
     *
     * @param compressedRead  bytes of the compressed file consumed so far
     * @param compressedTotal size of the compressed file
     */
    default void decompressing(long compressedRead, long compressedTotal) {
    }
}
