package io.sysql.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The journal files whose fingerprints (size and CRC-32C, see {@link JournalFingerprints}) were verified,
 * each with the file's stamp when they were: inode, size, modification and status-change times. A file
 * with the same stamp and expected fingerprint is not read again: checksumming an 80 MB journal file is
 * most of the time a capture takes to open. Any write, truncation, replacement or time change through the
 * file system gives the file a new status-change time (the kernel sets it; no user can) or inode, so such a
 * file is checksummed again; what a stamp cannot show is damage below the file system after the last
 * checksum. Kept in {@value #FILE_NAME}, sealed by its own CRC-32C: a damaged list is ignored (every file
 * is checksummed again), and it is rewritten only where the capture directory is writable.
 */
final class VerifiedJournalFiles {
    static final String FILE_NAME = "journal.verified";
    /** A file last changed at least this long before its checksum is remembered (see {@link #matches}). */
    static final long SETTLED_MILLIS = 1000;

    private final Path file;
    /** A fingerprint key of the capture's metadata: "STAMP FINGERPRINT" of the file when it last matched. */
    private final Map<String, String> verified;
    private boolean changed;

    private VerifiedJournalFiles(Path file, Map<String, String> verified) {
        this.file = file;
        this.verified = verified;
    }

    static VerifiedJournalFiles load(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        Map<String, String> verified = new TreeMap<>();
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            int seal = text.lastIndexOf('\n', text.length() - 2) + 1;
            String body = text.substring(0, seal);
            if (text.substring(seal).strip().equals(crc(body))) {
                for (String line : body.split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        verified.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // none yet, or damaged: every file is checksummed again
        }
        return new VerifiedJournalFiles(file, verified);
    }

    /**
     * Whether {@code journalFile} has the {@code expected} fingerprint: known from its unchanged stamp, or
     * else checksummed (and remembered when it matches). {@link NoSuchFileException} when it is missing.
     */
    boolean matches(String key, Path journalFile, String expected) throws IOException {
        long now = System.currentTimeMillis();
        Map<String, Object> a = Files.readAttributes(journalFile, "unix:ino,size,lastModifiedTime,ctime",
                LinkOption.NOFOLLOW_LINKS);
        long ctime = nanos(a.get("ctime"));
        String stamped = a.get("ino") + ":" + a.get("size") + ":" + nanos(a.get("lastModifiedTime")) + ":" + ctime
                + " " + expected;
        if (stamped.equals(verified.get(key))) {
            return true;
        }
        if (!JournalFingerprints.fingerprint(journalFile).equals(expected)) {
            return false;
        }
        // File times tick in clock ticks of a few ms: a write in the same tick as the stamped one would keep
        // the stamp. A file changed a while before this checksum cannot be changed again within its tick.
        if (ctime < TimeUnit.MILLISECONDS.toNanos(now - SETTLED_MILLIS)) {
            verified.put(key, stamped);
            changed = true;
        }
        return true;
    }

    /** Writes the list when a file was checksummed; a directory that cannot be written just checksums again. */
    void save() {
        if (!changed || !Files.isWritable(file.getParent())) {
            return;
        }
        StringBuilder body = new StringBuilder();
        verified.forEach((key, value) -> body.append(key).append('=').append(value).append('\n'));
        String text = body + crc(body.toString()) + "\n";
        try {
            CaptureFiles.replace(file, channel -> channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            // a full or read-only disk: the files are checksummed again on the next open
        }
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }

    private static String crc(String body) {
        return Crc32c.hex(Crc32c.of(body.getBytes(StandardCharsets.UTF_8)));
    }
}
