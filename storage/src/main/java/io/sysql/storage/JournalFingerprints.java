package io.sysql.storage;

import io.sysql.storage.journal.Journal;
import io.sysql.storage.journal.JournalPrefix;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The journal files of a finished capture, each with its size and CRC-32C, kept in the capture's metadata
 * ({@code file.journal/NAME = SIZE CRC}) and checked when the capture is opened, before Chronicle
 * maps them; a file unchanged since it was last checksummed is not read again ({@link VerifiedJournalFiles}).
 * A capture still being recorded, or whose recorder died, has no fingerprints: its journal is read as it is.
 *
 * <p>Each file also has the CRC-32C of each of its blocks ({@code blocks.journal/NAME = BLOCK_SIZE CRC...},
 * a run of equal ones written {@code CRC*COUNT}; about {@value #MAX_BLOCKS} blocks over the written part of
 * the file), which locate damage: a cycle file cut short or changed is read without Chronicle up to the
 * first block that does not match, a damaged table file (Chronicle's own) is not needed for that, and the
 * capture says where its journal is damaged and which events are still read ({@link Damage}). A missing
 * cycle file, a damaged dictionary, a file added or one without block checksums (an older capture) is
 * refused with one line naming it.
 */
final class JournalFingerprints {
    private static final String PREFIX = CaptureMetadata.FINGERPRINT_PREFIX;
    private static final String BLOCKS_PREFIX = CaptureMetadata.BLOCK_CHECKSUMS_PREFIX;
    private static final int MIN_BLOCK_SIZE = 4096;
    private static final int MAX_BLOCKS = 1024;

    /** What of a damaged journal is read: the prefix of its cycle file, and the one line telling the user. */
    record Damage(String description, JournalPrefix prefix) {
    }

    private JournalFingerprints() {
    }

    /** Puts the fingerprints of the journal files in {@code dir} (written and closed) into {@code metadata}. */
    static void record(Path dir, CaptureMetadata metadata) throws IOException {
        for (Path file : journalFiles(dir)) {
            long written; // the blocks are sized to the written part of a file allocated ahead (the cycle file)
            if (Journal.isCycleFile(file.getFileName().toString())) {
                try (JournalPrefix all = JournalPrefix.find(file, (from, to) -> true)) {
                    written = all.end();
                }
            } else {
                written = Files.size(file);
            }
            int blockSize = MIN_BLOCK_SIZE;
            while (written / blockSize > MAX_BLOCKS) {
                blockSize *= 2;
            }
            CRC32C whole = new CRC32C();
            long size;
            int[] crcs;
            try (FileChannel c = open(file)) {
                size = c.size();
                crcs = Crc32c.ofBlocks(c, size, blockSize, whole);
            }
            StringBuilder blocks = new StringBuilder().append(blockSize);
            for (int i = 0; i < crcs.length; ) {
                int run = 1;
                while (i + run < crcs.length && crcs[i + run] == crcs[i]) {
                    run++;
                }
                blocks.append(' ').append(Crc32c.hex(crcs[i])).append(run > 1 ? "*" + run : "");
                i += run;
            }
            metadata.put(key(dir, file), size + " " + Crc32c.hex((int) whole.getValue()));
            metadata.put(BLOCKS_PREFIX + dir.relativize(file), blocks);
        }
    }

    /**
     * Checks the journal files against their fingerprints: null when they match; the readable part of a
     * damaged journal; a one-line {@link CaptureException} naming the file when none of it can be read.
     */
    static Damage verify(Path dir, CaptureMetadata metadata) throws IOException {
        VerifiedJournalFiles verified = VerifiedJournalFiles.load(dir);
        Set<String> expected = new HashSet<>();
        Path cycle = null;
        Path damaged = null;
        String damagedKey = null;
        for (Map.Entry<String, String> e : metadata.asMap().entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) {
                continue;
            }
            expected.add(e.getKey());
            Path file = dir.resolve(e.getKey().substring(PREFIX.length())).normalize();
            if (!file.startsWith(dir.resolve(Journal.DIR_NAME).normalize())) { // dir may be "." or end in "/."
                throw new CaptureException(dir.resolve(CaptureMetadata.FILE_NAME) + " names a file outside the journal: " + file);
            }
            boolean isCycle = Journal.isCycleFile(file.getFileName().toString());
            if (isCycle) {
                cycle = file;
            }
            boolean matches;
            try {
                matches = verified.matches(e.getKey(), file, e.getValue());
            } catch (NoSuchFileException missing) {
                if (isCycle) {
                    throw new CaptureException(file + " is missing: the capture's " + events(metadata)
                            + " events cannot be read without it");
                }
                matches = false;
            }
            boolean chronicles = isCycle || Journal.isTableFile(file.getFileName().toString());
            if (!matches && !chronicles) { // the dictionary: names of events anywhere in the journal
                throw new CaptureException(file + " is damaged: " + howDamaged(file, e.getValue()));
            }
            if (!matches && (damaged == null || isCycle)) {
                damaged = file;
                damagedKey = e.getKey();
            }
        }
        if (expected.isEmpty()) {
            return null;
        }
        for (Path file : journalFiles(dir)) {
            if (!expected.contains(key(dir, file))) {
                throw new CaptureException(file + " is not a file of this capture (it was added after the capture ended)");
            }
        }
        verified.save();
        return damaged == null ? null : readable(metadata, damaged, damagedKey, cycle);
    }

    /** What of the journal is read when {@code damaged} (the cycle file, if it is one of the damaged) is. */
    private static Damage readable(CaptureMetadata metadata, Path damaged, String damagedKey, Path cycle)
            throws IOException {
        String fingerprint = metadata.get(damagedKey);
        String how = howDamaged(damaged, fingerprint);
        String blocks = metadata.get(BLOCKS_PREFIX + damagedKey.substring(PREFIX.length()));
        if (blocks == null || cycle == null) { // an older capture: no block checksums
            throw new CaptureException(damaged + " is damaged: " + how);
        }
        DamagedBlocks bad = DamagedBlocks.of(damaged, blocks,
                Long.parseLong(fingerprint.substring(0, fingerprint.indexOf(' '))));
        JournalPrefix prefix = JournalPrefix.find(cycle,
                damaged.equals(cycle) ? bad::intact : (from, to) -> true); // the table file is Chronicle's only
        if (prefix.lastNum() == 0) {
            prefix.close();
            throw new CaptureException(damaged + " is damaged: " + how + "; no event of the capture's "
                    + events(metadata) + " can be read");
        }
        return new Damage(String.format("journal file %s at byte %d (%s); events 1..%d of %s readable",
                damaged, bad.first(), how, prefix.lastNum(), events(metadata)), prefix);
    }

    /** The blocks of a journal file that differ from their checksums (or are gone). */
    private record DamagedBlocks(long blockSize, long size, BitSet bad) {
        /**
         * The blocks of {@code file} that differ from their checksums in {@code blocks} (written as
         * {@link #record} writes them), of the {@code size} bytes it had.
         */
        static DamagedBlocks of(Path file, String blocks, long size) throws IOException {
            String[] parts = blocks.split(" ");
            BitSet bad = new BitSet();
            try {
                long blockSize = Long.parseLong(parts[0]);
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    bad.set(0, (int) ((size + blockSize - 1) / blockSize));
                    return new DamagedBlocks(blockSize, size, bad);
                }
                int[] crcs;
                long left;
                try (FileChannel c = open(file)) {
                    left = Math.min(size, c.size());
                    crcs = Crc32c.ofBlocks(c, left, (int) blockSize, new CRC32C());
                }
                int block = 0;
                for (int i = 1; i < parts.length; i++) {
                    int star = parts[i].indexOf('*');
                    String crc = star < 0 ? parts[i] : parts[i].substring(0, star);
                    long count = star < 0 ? 1 : Long.parseLong(parts[i].substring(star + 1));
                    for (long n = 0; n < count; n++, block++) {
                        if (Math.min(size, (block + 1) * blockSize) > left || !Crc32c.hex(crcs[block]).equals(crc)) {
                            bad.set(block);
                        }
                    }
                }
                return new DamagedBlocks(blockSize, size, bad);
            } catch (RuntimeException malformed) { // a list the metadata's own checksum accepted: not sysql's
                throw new CaptureException(file + " has malformed block checksums in " + CaptureMetadata.FILE_NAME);
            }
        }

        /** Whether bytes {@code from..to-1} are as they were written. */
        boolean intact(long from, long to) {
            if (to > size) {
                return false;
            }
            int next = bad.nextSetBit((int) (from / blockSize));
            return next < 0 || next * blockSize >= to;
        }

        /** The first byte of the first damaged block; the size when only bytes beyond it changed (it grew). */
        long first() {
            int first = bad.nextSetBit(0);
            return first < 0 ? size : first * blockSize;
        }
    }

    private static String howDamaged(Path file, String fingerprint) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return "it is missing";
        }
        long size = Long.parseLong(fingerprint.substring(0, fingerprint.indexOf(' ')));
        long actual = Files.size(file);
        return actual < size ? "cut short, " + actual + " of its " + size + " bytes are left"
                : actual > size ? "it grew from " + size + " to " + actual + " bytes"
                : "its content changed: checksum mismatch";
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
        try (FileChannel c = open(file)) {
            long size = c.size();
            return size + " " + Crc32c.hex(Crc32c.of(c, 0, size));
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
