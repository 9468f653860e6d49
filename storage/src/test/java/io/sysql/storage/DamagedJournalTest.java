package io.sysql.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.storage.history.HistoryIndexFile;
import io.sysql.storage.journal.Journal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A capture whose journal was damaged after it ended reads the events before the damage, says where the
 * damage is and which events those are, and answers over them exactly as the whole capture answers over
 * its first events; what cannot be read at all is refused in one line naming the file.
 */
class DamagedJournalTest {
    private static final int EVENTS = 3_000;
    @TempDir
    static Path tmp;
    private static Path whole;
    private static long wholeLast;
    /** The last non-zero byte of the cycle file, plus one: its written part. */
    private static long written;
    private static int copies;

    @BeforeAll
    static void record() throws IOException {
        whole = tmp.resolve("whole");
        try (CaptureWriter w = CaptureWriter.create(whole, false, "test", "unit")) {
            Event p = Event.of(EventKinds.SNAP_PROCESS, 100, 100);
            p.name = "app";
            p.ppid = 1;
            p.ts = 1_000;
            w.accept(p);
            for (int i = 1; i < EVENTS; i++) {
                Event e = i % 2 == 1 ? Event.of(EventKinds.OPENAT, 100, 100) : Event.of(EventKinds.CLOSE, 100, 100);
                e.ts = 1_000 + i;
                e.res = i % 2 == 1 ? 3 + i % 20 : 0;
                e.fd = 3 + (i - 1) % 20;
                e.path = "/tmp/file-" + i;
                e.fdType = FdType.FILE;
                w.accept(e);
            }
        }
        try (Capture c = Capture.open(whole)) {
            wholeLast = c.lastNum();
        }
        byte[] bytes = Files.readAllBytes(cycleFile(whole));
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        written = end;
    }

    private static Path cycleFile(Path cap) throws IOException {
        try (Stream<Path> files = Files.list(cap.resolve(Journal.DIR_NAME))) {
            return files.filter(f -> Journal.isCycleFile(f.getFileName().toString())).findFirst().orElseThrow();
        }
    }

    private static Path copy() throws Exception {
        Path to = tmp.resolve("copy-" + copies++);
        Process cp = new ProcessBuilder("cp", "-a", "--sparse=always", whole.toString(), to.toString()).start();
        assertThat(cp.waitFor()).isZero();
        return to;
    }

    private static void cut(Path file, long at) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(at);
        }
    }

    private static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x10);
        }
    }

    /** Every field of events {@code from..last} the journal holds, one line each. */
    private static List<String> events(Capture c, long from, long last) {
        List<String> lines = new ArrayList<>();
        Event e = new Event();
        try (Journal.Cursor cursor = c.events(from)) {
            while (cursor.next(e) && e.num <= last) {
                lines.add(e.num + " " + e.ts + " " + e.kind + " " + e.res + " " + e.fd + " " + e.path);
            }
        }
        return lines;
    }

    /** What a reader sees of a capture's first {@code last} events: the events, from a seek too, and the state. */
    private static List<String> answers(Capture c, long last) {
        List<String> seen = new ArrayList<>(events(c, 1, last));
        seen.addAll(events(c, last * 2 / 3, last));
        for (long at : new long[] {last / 2, last}) {
            c.at(at).fds().forEach(f -> seen.add(at + " fd " + f.pid + " " + f.fd + " " + f.name));
        }
        return seen;
    }

    /** Opens a damaged copy: it reads as damaged in {@code file}, answering as the whole capture cut there. */
    private static long readsAsTheWholeCaptureCut(Path dir, Path file, String how) {
        try (Capture damaged = Capture.open(dir); Capture complete = Capture.open(whole)) {
            long last = damaged.lastNum();
            assertThat(damaged.state()).isEqualTo(CaptureMetadata.STATE_DAMAGED);
            assertThat(damaged.damage()).startsWith("journal file " + file + " at byte ").contains(how)
                    .endsWith("; events 1.." + last + " of " + String.format("%,d", wholeLast) + " readable")
                    .doesNotContain("\n");
            assertThat(answers(damaged, last)).isEqualTo(answers(complete, last));
            assertThat(events(damaged, last, Long.MAX_VALUE)).hasSize(1); // nothing after the last good event
            return last;
        }
    }

    @Test
    void aCycleFileCutShortIsReadUpToTheDamage() throws Exception {
        long previous = 0;
        for (long at : new long[] {written - written / 20, written - written / 50, written - 1}) {
            Path dir = copy();
            Path cycle = cycleFile(dir);
            cut(cycle, at);
            long last = readsAsTheWholeCaptureCut(dir, cycle, "cut short, " + at + " of its");
            assertThat(last).as("cut at byte " + at).isGreaterThan(previous).isLessThan(wholeLast);
            previous = last;
        }
    }

    @Test
    void aChangedByteEndsTheEventsReadAtTheBlockItIsIn() throws Exception {
        long at = written - written / 30;
        Path flipped = copy();
        flip(cycleFile(flipped), at);
        long lastFlipped = readsAsTheWholeCaptureCut(flipped, cycleFile(flipped), "checksum mismatch");
        Path cutAtItsBlock = copy();
        cut(cycleFile(cutAtItsBlock), at / 4096 * 4096);
        try (Capture c = Capture.open(cutAtItsBlock)) {
            assertThat(c.lastNum()).isEqualTo(lastFlipped).isPositive().isLessThan(wholeLast);
            assertThat(c.damage()).contains(" at byte " + at / 4096 * 4096 + " ");
        }
    }

    @Test
    void damageOnlyToChronicleFilesLeavesEveryEventReadable() throws Exception {
        Path table = copy();
        flip(table.resolve("journal/metadata.cq4t"), 100);
        assertThat(readsAsTheWholeCaptureCut(table, table.resolve("journal/metadata.cq4t"), "checksum mismatch"))
                .isEqualTo(wholeLast);
        Path index = copy(); // a byte of Chronicle's index, in the cycle file before the events
        flip(cycleFile(index), 4096 * 5);
        assertThat(readsAsTheWholeCaptureCut(index, cycleFile(index), "at byte " + 4096 * 5)).isEqualTo(wholeLast);
    }

    @Test
    void theHistoryIndexIsRebuiltForTheEventsRead() throws Exception {
        Path dir = copy();
        cut(cycleFile(dir), written - written / 20);
        long last;
        try (Capture c = Capture.open(dir)) {
            last = c.lastNum();
        }
        assertThat(HistoryIndexFile.read(dir.resolve(HistoryIndexFile.FILE_NAME)).lastNum()).isEqualTo(last);
        try (Capture again = Capture.open(dir)) {
            assertThat(again.lastNum()).isEqualTo(last);
        }
    }

    @Test
    void whatCannotBeReadAtAllIsRefusedNamingTheFile() throws Exception {
        Path early = copy();
        cut(cycleFile(early), 10);
        assertThatThrownBy(() -> Capture.open(early)).isInstanceOf(CaptureException.class)
                .hasMessageContaining(cycleFile(early) + " is damaged: cut short, 10 of its")
                .hasMessageContaining("no event of the capture's").hasMessageNotContaining("\n");
        Path dictionary = copy();
        cut(dictionary.resolve("journal/strings.dict"), 100);
        assertThatThrownBy(() -> Capture.open(dictionary)).isInstanceOf(CaptureException.class)
                .hasMessageContaining("strings.dict is damaged: cut short, 100 of its");
        Path gone = copy();
        Files.delete(cycleFile(gone));
        assertThatThrownBy(() -> Capture.open(gone)).isInstanceOf(CaptureException.class)
                .hasMessageContaining(".cq4 is missing");
    }
}
