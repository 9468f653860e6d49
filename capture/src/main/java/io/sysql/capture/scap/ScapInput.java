package io.sysql.capture.scap;

import io.sysql.capture.source.ReadProgress;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A capture's bytes, mapped from the page cache in segments that the reader asks for one after the other,
 * each starting at a block: a block never spans two segments, so positions inside a segment stay ints
 * however large the file. Every segment stays mapped until the read ends (address space is cheap), so a
 * syscall's enter is found by (segment, position) however far before its exit it was.
 *
 * <p>A gzip-compressed capture (detected by its magic) is first decompressed into a temporary file that is
 * gone when the input is closed (on Linux at once: it is unlinked as soon as it is open), so that neither
 * its size nor the heap limits the read.
 */
final class ScapInput implements AutoCloseable {
    /** Large enough that a multi-GB capture is a handful of mappings, and below 2 GiB as int positions need. */
    static final int SEGMENT_SIZE = 1 << 30;

    private final FileChannel channel;
    private final long size;
    private final boolean compressed;
    private final String truncatedCompression;
    private final int segmentSize;
    private final List<ByteBuffer> segments = new ArrayList<>();

    private ScapInput(FileChannel channel, boolean compressed, String truncatedCompression, int segmentSize)
            throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.compressed = compressed;
        this.truncatedCompression = truncatedCompression;
        this.segmentSize = segmentSize;
    }

    /**
     * @param segmentSize bytes mapped at once (more when a block is larger)
     * @param progress    told how far decompression got, for a gzip-compressed capture
     */
    static ScapInput open(Path file, int segmentSize, ReadProgress progress) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            if (!isGzip(channel)) {
                return new ScapInput(channel, false, null, segmentSize);
            }
        } catch (IOException | RuntimeException ex) {
            channel.close();
            throw ex;
        }
        channel.close();
        return decompressed(file, segmentSize, progress);
    }

    private static boolean isGzip(FileChannel channel) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(2);
        channel.read(magic, 0); // a regular file reads short only at its end
        return magic.position() == 2 && (magic.get(0) & 0xFF) == 0x1F && (magic.get(1) & 0xFF) == 0x8B;
    }

    /** Decompresses into a temporary file; a cut stream keeps everything before the cut and says why. */
    private static ScapInput decompressed(Path file, int segmentSize, ReadProgress progress) throws IOException {
        Path temporary;
        try {
            temporary = Files.createTempFile("sysql-scap-", ".scap");
        } catch (IOException ex) {
            // not a NoSuchFileException of its own: that would read as the capture being missing
            throw new IOException("cannot create a temporary file for the decompressed capture: "
                    + ex.getClass().getSimpleName() + " " + ex.getMessage(), ex);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(temporary, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(temporary);
            throw ex;
        }
        try {
            String fault = null;
            byte[] chunk = new byte[1 << 20];
            int n = 0;
            try (FileChannel compressed = FileChannel.open(file, StandardOpenOption.READ);
                 InputStream in = new GZIPInputStream(Channels.newInputStream(compressed), 1 << 16)) {
                long compressedSize = compressed.size();
                for (int r = in.read(chunk); r >= 0; r = in.read(chunk, n, chunk.length - n)) {
                    n += r;
                    if (n == chunk.length) {
                        write(channel, chunk, n, temporary);
                        n = 0;
                        progress.decompressing(compressed.position(), compressedSize);
                    }
                }
                progress.decompressing(compressedSize, compressedSize);
            } catch (EOFException | ZipException ex) {
                fault = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            }
            write(channel, chunk, n, temporary);
            return new ScapInput(channel, true, fault, segmentSize);
        } catch (IOException | RuntimeException ex) {
            channel.close();
            throw ex;
        }
    }

    /** Says where it wrote when it fails: the temporary directory is the likely culprit (full, too small). */
    private static void write(FileChannel channel, byte[] bytes, int length, Path temporary) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes, 0, length);
        try {
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } catch (IOException ex) {
            throw new IOException("decompressing into a temporary file in " + temporary.getParent() + ": "
                    + ex.getMessage(), ex);
        }
    }

    /** Size of the (decompressed) capture. */
    long size() {
        return size;
    }

    boolean compressed() {
        return compressed;
    }

    /** Why decompression stopped early, or null. */
    String truncatedCompression() {
        return truncatedCompression;
    }

    /**
     * Maps the next segment: from {@code start} on, the segment size or {@code minLength} bytes, whichever is
     * more, but no more than the capture has. Its index is the number of segments mapped before it.
     */
    ByteBuffer map(long start, int minLength) throws IOException {
        long length = Math.min(size - start, Math.max(segmentSize, minLength));
        ByteBuffer segment = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
        segments.add(segment);
        return segment;
    }

    /** The segment of that index, as {@link #map} returned it. */
    ByteBuffer segment(int index) {
        return segments.get(index);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
