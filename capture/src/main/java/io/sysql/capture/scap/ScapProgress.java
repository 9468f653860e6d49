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
}
