package io.sysql.storage;

import io.sysql.storage.journal.Journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The journal files of a finished capture, each with its size and CRC-32C, kept in the capture's metadata
 * ({@code file.journal/NAME = SIZE CRC}) and checked when the capture is opened, before Chronicle
 * maps them: a file missing, cut short, changed or added is refused with one line naming it, instead of read
 * as a capture holding fewer events (or faulting, SIGBUS, past the end of a cut mapping); a file unchanged
 * since it was last checksummed is not read again ({@link VerifiedJournalFiles}). A capture still
 * being recorded, or whose recorder died, has no fingerprints: its journal is read as it is.
 */
final class JournalFingerprints {
    private static final String PREFIX = CaptureMetadata.FINGERPRINT_PREFIX;

    private JournalFingerprints() {
    }

    /** Puts the fingerprints of the journal files in {@code dir} (written and closed) into {@code metadata}. */
    static void record(Path dir, CaptureMetadata metadata) throws IOException {
        for (Path file : journalFiles(dir)) {
            metadata.put(key(dir, file), fingerprint(file));
        }
    }

    /** Refuses (one-line {@link CaptureException}) journal files that differ from their fingerprints. */
    static void verify(Path dir, CaptureMetadata metadata) throws IOException {
        VerifiedJournalFiles verified = VerifiedJournalFiles.load(dir);
        Set<String> expected = new HashSet<>();
        for (Map.Entry<String, String> e : metadata.asMap().entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) {
                continue;
            }
            expected.add(e.getKey());
            Path file = dir.resolve(e.getKey().substring(PREFIX.length())).normalize();
            if (!file.startsWith(dir.resolve(Journal.DIR_NAME).normalize())) { // dir may be "." or end in "/."
                throw new CaptureException(dir.resolve(CaptureMetadata.FILE_NAME) + " names a file outside the journal: " + file);
            }
            boolean matches;
            try {
                matches = verified.matches(e.getKey(), file, e.getValue());
            } catch (NoSuchFileException missing) {
                throw new CaptureException(file + " is missing: the capture's " + events(metadata)
                        + " events cannot be read without it");
            }
            if (!matches) {
                throw new CaptureException(file + " is damaged: " + howDamaged(file, e.getValue(), metadata));
            }
        }
        if (expected.isEmpty()) {
            return;
        }
        for (Path file : journalFiles(dir)) {
            if (!expected.contains(key(dir, file))) {
                throw new CaptureException(file + " is not a file of this capture (it was added after the capture ended)");
            }
        }
        verified.save();
    }

    private static String howDamaged(Path file, String fingerprint, CaptureMetadata metadata) throws IOException {
        long size = Long.parseLong(fingerprint.substring(0, fingerprint.indexOf(' ')));
        long actual = Files.size(file);
        String what = actual < size ? "cut short, " + actual + " of its " + size + " bytes are left"
                : actual > size ? "it grew from " + size + " to " + actual + " bytes"
                : "its content changed (checksum mismatch)";
        if (Journal.isCycleFile(file.getFileName().toString()) && actual < size) {
            return what + "; its whole blocks end at event " + Journal.lastEventWithin(file, actual) + " of "
                    + events(metadata);
        }
        return what;
    }

    private static String events(CaptureMetadata metadata) {
        return String.format("%,d", metadata.getLong(CaptureMetadata.EVENTS, 0));
    }

    private static Set<Path> journalFiles(Path dir) throws IOException {
        Set<Path> files = new HashSet<>();
        Path journal = dir.resolve(Journal.DIR_NAME);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(journal)) {
            for (Path p : entries) {
                if (Journal.isJournalFile(p.getFileName().toString())) {
                    files.add(p);
                }
            }
        }
        return files;
    }

    private static String key(Path dir, Path file) {
        return PREFIX + dir.relativize(file);
    }

    static String fingerprint(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = c.size();
            return size + " " + String.format("%08x", Crc32c.of(c, 0, size));
        }
    }
}
