package io.sysql.capture.scap;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Loads a capture into memory, decompressing it when it starts with the gzip magic. */
final class ScapInput {
    private ScapInput() {
    }

    /**
     * The capture's bytes; {@code truncatedCompression} says why decompression stopped early (a cut gzip
     * stream still yields everything before the cut).
     */
    record Loaded(byte[] bytes, int length, boolean compressed, String truncatedCompression) {
    }

    static Loaded load(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        if (raw.length < 2 || (raw[0] & 0xFF) != 0x1F || (raw[1] & 0xFF) != 0x8B) {
            return new Loaded(raw, raw.length, false, null);
        }
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
        return new Loaded(out, n, true, fault);
    }
}
