package io.sysql.storage;

import io.sysql.capture.source.SourceMetadata;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a capture is: where and how it was recorded, when, and what it holds. Kept as a small
 * properties file beside the journal, rewritten atomically.
 */
public final class CaptureMetadata {
    public static final String FILE_NAME = "capture.properties";

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
    /** Prefix of the source's own counters (parse errors, vanished processes, drops...). */
    public static final String COUNTER_PREFIX = "count.";

    public static final String STATE_RECORDING = "recording";
    public static final String STATE_COMPLETE = "complete";
    public static final String STATE_PARTIAL = "partial";

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

    public static CaptureMetadata read(Path captureDir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(captureDir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        CaptureMetadata m = new CaptureMetadata();
        p.stringPropertyNames().forEach(k -> m.values.put(k, p.getProperty(k)));
        return m;
    }

    public void write(Path captureDir) throws IOException {
        Properties p = new Properties();
        p.putAll(values);
        Path tmp = captureDir.resolve(FILE_NAME + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "sysql capture");
        }
        CaptureFiles.restrict(tmp);
        Files.move(tmp, captureDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
