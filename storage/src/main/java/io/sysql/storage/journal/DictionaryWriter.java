package io.sysql.storage.journal;

import io.sysql.storage.CaptureFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A journal's string dictionary, written side: the names events repeat (process, fd, path, exe...) get
 * ids in first-seen order, and a block stores the id instead of the text. The dictionary is an
 * append-only file beside the queue's (a stop-bit length and UTF-8 bytes per entry, the id implicit);
 * {@link #writePending} is called before a block is written, so every block a reader can see refers
 * only to entries already in the file — also after the writer is killed. A reader seeking to any event
 * knows every id by loading the file, without reading the journal.
 *
 * <p>The lookup costs less than encoding the text: strings are mostly the same instances as the state
 * machine's (their hash cached, {@code equals} true by identity). Long strings and strings beyond
 * {@link #MAX_ENTRIES} are left inline, so a capture of millions of distinct paths does not hold them
 * all in the writer's memory. Free text ({@code args}) enters only when it repeats ({@link #idOfRepeated}).
 */
final class DictionaryWriter implements AutoCloseable {
    /** Strings longer than this stay in the block: they rarely repeat, and would bloat readers' memory. */
    static final int MAX_LENGTH = 1024;
    private static final int MAX_ENTRIES = 1 << 20;

    private final Map<String, Integer> ids = new HashMap<>();
    /**
     * The ids of strings met lately, by identity: a name is usually the same instance event after event
     * (the state machine's row), and these two small arrays stay in cache where the map's nodes do not.
     * The slot is the identity hash: hashing the text of a one-off string (an mmap's args) costs more.
     */
    private static final int RECENT = 1 << 14;
    /** In {@link #recentIds}: a text {@link #idOfRepeated} met once, not in the dictionary. */
    private static final int SEEN_ONCE = -2;
    private final String[] recentKeys = new String[RECENT];
    private final int[] recentIds = new int[RECENT];
    private final RecordBuffer pending = new RecordBuffer();
    private final FileChannel file;
    private final Path path;

    private DictionaryWriter(Path path, FileChannel file) {
        this.path = path;
        this.file = file;
    }

    /** Creates the dictionary of {@code journalDir}, or continues it after its last complete entry. */
    static DictionaryWriter open(Path journalDir) {
        Path path = journalDir.resolve(DictionaryReader.FILE_NAME);
        DictionaryReader existing = new DictionaryReader(journalDir);
        String[] known = existing.loadAll();
        try {
            FileChannel file = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), CaptureFiles.PRIVATE_FILE);
            // An entry cut short by a killed writer is no block's: it is written again when needed.
            file.truncate(existing.loadedBytes());
            file.position(existing.loadedBytes());
            DictionaryWriter writer = new DictionaryWriter(path, file);
            for (int id = 0; id < known.length; id++) {
                writer.ids.put(known[id], id);
            }
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
    }

    /** The id of {@code s}, assigned now if new; -1 when {@code s} is to be written inline. */
    int idOf(String s) {
        int slot = slot(s);
        if (recentKeys[slot] == s && recentIds[slot] != SEEN_ONCE) {
            return recentIds[slot];
        }
        int id = lookup(s);
        if (id >= 0) {
            recentKeys[slot] = s;
            recentIds[slot] = id;
        }
        return id;
    }

    /**
     * Like {@link #idOf}, for free text a source repeats by handing over the same instance again (the scap
     * reader's {@code args} of the same raw parameters): -1, inline, the first time an instance is met,
     * its id from the second. Text made afresh for each event (addresses, counters) stays out of the
     * dictionary, which readers hold whole.
     */
    int idOfRepeated(String s) {
        int slot = slot(s);
        if (recentKeys[slot] != s) {
            recentKeys[slot] = s;
            recentIds[slot] = SEEN_ONCE;
            return -1;
        }
        if (recentIds[slot] == SEEN_ONCE) {
            recentIds[slot] = lookup(s);
        }
        return recentIds[slot];
    }

    private static int slot(String s) {
        return System.identityHashCode(s) & (RECENT - 1);
    }

    private int lookup(String s) {
        Integer id = ids.get(s);
        if (id != null) {
            return id;
        }
        if (s.length() > MAX_LENGTH || ids.size() >= MAX_ENTRIES) {
            return -1;
        }
        int next = ids.size();
        ids.put(s, next);
        pending.writeString(s);
        return next;
    }

    /** Appends the entries assigned since the last call to the file (to the OS: a killed JVM keeps them). */
    void writePending() {
        if (pending.length() == 0) {
            return;
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(pending.array(), 0, pending.length());
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        pending.clear();
    }

    @Override
    public void close() {
        writePending();
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }
}
