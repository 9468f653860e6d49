package io.sysql.capture.scap;

import java.util.Map;

/**
 * What a scap import found: the machine, the format version, how much was read, and whether the read stopped
 * at a fault (then {@link #partial()} is true and the fault is located; every event before it was delivered).
 *
 * @param hostname        machine info's hostname, or null without a machine info block
 * @param numCpus         machine info's CPU count, or 0
 * @param memoryBytes     machine info's physical memory, or 0
 * @param bootTs          machine info's boot time in ns since the epoch, or 0 when not recorded
 * @param kernel          kernel release; scap files do not record it, so null for now
 * @param majorVersion    section header's major format version
 * @param minorVersion    section header's minor format version
 * @param compressed      the file was gzip-compressed
 * @param bytes           size of the decompressed capture
 * @param blocks          blocks read, by type description ("event", "fd list", ...)
 * @param eventBlocks     event blocks read (enter and exit counted apart)
 * @param events          events delivered to the sink, snapshot events included
 * @param eventsByType    events delivered, by the name of their {@code Event.kind}
 * @param firstTs         timestamp of the first event block, or 0
 * @param lastTs          timestamp of the last event block, or 0
 * @param partial         the read stopped at a fault before the end of the capture
 * @param faultOffset     byte offset (decompressed) of the faulty block, or -1
 * @param faultBlockType  type code of the faulty block, or 0
 * @param faultMessage    what was wrong, or null
 */
public record ScapSummary(
        String hostname, int numCpus, long memoryBytes, long bootTs, String kernel,
        int majorVersion, int minorVersion, boolean compressed, long bytes,
        Map<String, Long> blocks, long eventBlocks, long events, Map<String, Long> eventsByType,
        long firstTs, long lastTs,
        boolean partial, long faultOffset, int faultBlockType, String faultMessage) {
}
