package io.sysql.sql.schema;

import io.sysql.storage.Capture;
import io.sysql.storage.CaptureMetadata;

import java.nio.file.Path;

/** The facts of the {@code capture} table, taken from the metadata and the index at one moment. */
public record CaptureInfo(Path directory, CaptureMetadata metadata, long events, long firstTs, long lastTs,
        String state, String damage) {

    public static CaptureInfo of(Capture capture) {
        long[] clock = capture.read(i -> new long[] {i.lastNum(), i.firstTs(), i.lastTs()});
        return new CaptureInfo(capture.directory(), capture.metadata(), clock[0], clock[1], clock[2],
                capture.state(), capture.damage());
    }

    boolean recording() {
        return CaptureMetadata.STATE_RECORDING.equals(state);
    }

    String get(String key) {
        return metadata.get(key);
    }

    Long getLong(String key) {
        String v = metadata.get(key);
        try {
            return v == null ? null : Long.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * When recording stopped: the metadata's end, or the last event while it is still written; null when the
     * capture has no timed event.
     */
    Long endTs() {
        Long end = metadata.timestamp(CaptureMetadata.END_TS);
        return end != null && !recording() ? end : lastEventTs();
    }

    /** Timestamp of event 1, or null without events or when they carry no time (a .scap file's lists alone). */
    Long firstEventTs() {
        return firstTs == 0 ? null : firstTs;
    }

    /** Timestamp of the last event, or null without a timed event. */
    Long lastEventTs() {
        return lastTs == 0 ? null : lastTs;
    }
}
