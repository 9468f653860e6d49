package io.sysql.storage;

import io.sysql.capture.source.SourceMetadata;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a capture is: where and how it was recorded, when, and what it holds. Kept as a small
 * properties file beside the journal, rewritten atomically. Its first line carries the CRC-32C of the rest,
 * so a damaged file (an event count or a journal fingerprint changed on disk) is refused rather than believed;
 * a file whose first line is the plain comment is of a capture written before the checksum.
 */
public final class CaptureMetadata {
    public static final String FILE_NAME = "capture.properties";
    private static final String COMMENT = "#sysql capture";
    private static final String CHECKSUMMED = COMMENT + " crc32c=";

    public static final String FORMAT_VERSION = "format_version";
    public static final String HOST = SourceMetadata.HOST;
    public static final String KERNEL = SourceMetadata.KERNEL;
    public static final String SOURCE = "source";
    public static final String COMMAND = "command";
    public static final String START_TS = SourceMetadata.START_TS;
    public static final String END_TS = "end_ts";
    public static final String EVENTS = "events";
    public static final String SNAPSHOT_EVENTS = "snapshot_events";
    public static final String SNAPLEN = SourceMetadata.SNAPLEN;
    public static final String STATE = "state";
    public static final String RECORDER_PID = "recorder_pid";
    public static final String RECORDER_START = "recorder_start";
    public static final String EXIT_STATUS = SourceMetadata.EXIT_STATUS;
    public static final String ORIGIN = SourceMetadata.ORIGIN;
    /** Prefix of the journal files' fingerprints (size and CRC-32C), see {@link JournalFingerprints}. */
    public static final String FINGERPRINT_PREFIX = "file.";
    /** Prefix of the CRC-32C of each block of the journal files, see {@link JournalFingerprints}. */
    public static final String BLOCK_CHECKSUMS_PREFIX = "blocks.";
    /** Prefix of the source's own counters (parse errors, vanished processes, drops...). */
    public static final String COUNTER_PREFIX = "count.";
    /** Events the source delivered after the capture's file system filled up, not kept. */
    public static final String DROPPED_DISK_FULL = COUNTER_PREFIX + "dropped_disk_full";

    public static final String STATE_RECORDING = "recording";
    public static final String STATE_COMPLETE = "complete";
    public static final String STATE_PARTIAL = "partial";
    /** Never stored: a capture whose journal is damaged on disk ({@link Capture#damage}). */
    public static final String STATE_DAMAGED = "damaged";
    /** Never stored: a capture still in state recording whose recorder is gone ({@link Capture#state}). */
    public static final String STATE_ENDED_ABRUPTLY = "ended abruptly";

    private final Map<String, String> values = new TreeMap<>();

    public String get(String key) {
        return values.get(key);
    }

    public long getLong(String key, long orElse) {
        String v = values.get(key);
        try {
            return v == null ? orElse : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return orElse;
        }
    }

    /**
     * A time of the capture ({@link #START_TS}, {@link #END_TS}), ns since the epoch, or null when it has none:
     * absent, or 0, which a capture imported from a file without a single timed event may hold for its end
     * (it is no time, not 1970).
     */
    public Long timestamp(String key) {
        long ts = getLong(key, 0);
        return ts == 0 ? null : ts;
    }

    public CaptureMetadata put(String key, Object value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, String.valueOf(value));
        }
        return this;
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public long counter(String name) {
        return getLong(COUNTER_PREFIX + name, 0);
    }

    /** Whether the capture was finished with its journal files' fingerprints ({@link JournalFingerprints}). */
    boolean hasJournalFingerprints() {
        return values.keySet().stream().anyMatch(k -> k.startsWith(FINGERPRINT_PREFIX));
    }

    /** Reads the metadata of the capture in {@code captureDir}; a damaged file is an IOException naming it. */
    public static CaptureMetadata read(Path captureDir) throws IOException {
        Path file = captureDir.resolve(FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        int firstLineEnd = 0;
        while (firstLineEnd < bytes.length && bytes[firstLineEnd] != '\n') {
            firstLineEnd++;
        }
        String first = new String(bytes, 0, firstLineEnd, StandardCharsets.UTF_8);
        byte[] bodyBytes = Arrays.copyOfRange(bytes, Math.min(bytes.length, firstLineEnd + 1), bytes.length);
        if (first.startsWith(CHECKSUMMED)) {
            if (!first.substring(CHECKSUMMED.length()).equals(Crc32c.hex(Crc32c.of(bodyBytes)))) {
                throw new IOException(file + " is damaged (its checksum does not match its content)");
            }
        } else if (!first.equals(COMMENT)) {
            throw new IOException(file + " is damaged (it does not start as sysql writes it)");
        }
        String body = new String(bodyBytes, StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.load(new StringReader(body));
        CaptureMetadata m = new CaptureMetadata();
        p.stringPropertyNames().forEach(k -> m.values.put(k, p.getProperty(k)));
        return m;
    }

    public void write(Path captureDir) throws IOException {
        Properties p = new Properties();
        p.putAll(values);
        StringWriter body = new StringWriter();
        p.store(body, null);
        byte[] bodyBytes = body.toString().getBytes(StandardCharsets.UTF_8);
        byte[] first = String.format("%s%08x%n", CHECKSUMMED, Crc32c.of(bodyBytes)).getBytes(StandardCharsets.UTF_8);
        CaptureFiles.replace(captureDir.resolve(FILE_NAME), channel -> {
            ByteBuffer all = ByteBuffer.allocate(first.length + bodyBytes.length).put(first).put(bodyBytes).flip();
            while (all.hasRemaining()) {
                channel.write(all);
            }
        });
    }
}
