package io.sysql.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * CRC-32C of a capture's files or parts of them: what tells a file damaged on disk (a flipped byte, a cut)
 * from one sysql wrote, read with plain reads (never a mapping, which faults past a file cut short).
 */
public final class Crc32c {
    private static final int CHUNK = 1 << 20;
    /**
     * Each thread's buffer for the reads, kept: a direct buffer costs its zeroing and a cleaner each time it
     * is made, as much as checksumming the few hundred KB of most files.
     */
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK));

    private Crc32c() {
    }

    /** The CRC-32C of bytes {@code from..to-1} of {@code channel}; a file shorter than {@code to} is an IOException. */
    public static int of(FileChannel channel, long from, long to) throws IOException {
        CRC32C crc = new CRC32C();
        update(crc, channel, from, to);
        return (int) crc.getValue();
    }

    /** Adds bytes {@code from..to-1} of {@code channel} to {@code crc}; a file shorter than {@code to} is an IOException. */
    public static void update(CRC32C crc, FileChannel channel, long from, long to) throws IOException {
        ByteBuffer chunk = BUFFER.get();
        for (long at = from; at < to; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), to - at));
            int n = channel.read(chunk, at);
            if (n < 0) {
                throw new IOException("file ends at byte " + at + ", before byte " + to);
            }
            at += n;
            chunk.flip();
            crc.update(chunk);
        }
    }

    /**
     * The CRC-32C of each {@code blockSize} bytes of {@code channel}'s first {@code size} (the last block may
     * be shorter; a file shorter than {@code size} is an IOException), added to {@code whole} as well.
     */
    public static int[] ofBlocks(FileChannel channel, long size, int blockSize, CRC32C whole) throws IOException {
        int[] crcs = new int[Math.toIntExact((size + blockSize - 1) / blockSize)];
        ByteBuffer chunk = blockSize <= CHUNK ? BUFFER.get() : ByteBuffer.allocateDirect(blockSize); // sizes: powers of 2
        CRC32C block = new CRC32C();
        for (long at = 0; at < size; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), size - at));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, at + chunk.position()) < 0) {
                    throw new IOException("file ends at byte " + (at + chunk.position()) + ", before byte " + size);
                }
            }
            int read = chunk.flip().limit();
            whole.update(chunk);
            for (int from = 0; from < read; from += blockSize) {
                block.reset();
                block.update(chunk.limit(Math.min(read, from + blockSize)).position(from));
                crcs[(int) ((at + from) / blockSize)] = (int) block.getValue();
            }
            at += read;
        }
        return crcs;
    }

    /** {@code crc} as sysql writes checksums: 8 hex digits. */
    public static String hex(int crc) {
        return String.format("%08x", crc);
    }

    /** The CRC-32C of {@code bytes}. */
    public static int of(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
