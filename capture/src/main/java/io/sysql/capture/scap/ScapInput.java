package io.sysql.capture.scap;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A capture's bytes: a plain file mapped from the page cache (no copy, and the reader starts at once), a
 * gzip-compressed one (detected by its magic) decompressed into memory.
 */
final class ScapInput {
    private ScapInput() {
    }

    /**
     * The capture's bytes; {@code truncatedCompression} says why decompression stopped early (a cut gzip
     * stream still yields everything before the cut).
     */
    record Loaded(ByteBuffer data, boolean compressed, String truncatedCompression) {
    }

    static Loaded load(Path file) throws IOException {
        ByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new IOException("capture larger than 2 GiB: " + file);
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        if (mapped.limit() < 2 || (mapped.get(0) & 0xFF) != 0x1F || (mapped.get(1) & 0xFF) != 0x8B) {
            return new Loaded(mapped, false, null);
        }
        byte[] raw = new byte[mapped.limit()];
        mapped.get(0, raw);
        byte[] out = new byte[Math.max(1 << 16, raw.length * 4)];
        int n = 0;
        String fault = null;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            while (true) {
                if (n == out.length) {
                    if (out.length > Integer.MAX_VALUE / 2) {
                        throw new IOException("decompressed capture larger than 1 GiB: " + file);
                    }
                    out = Arrays.copyOf(out, out.length * 2);
                }
                int r = in.read(out, n, out.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (EOFException | ZipException ex) {
            fault = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
        return new Loaded(ByteBuffer.wrap(out, 0, n), true, fault);
    }
}
