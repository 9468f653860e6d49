package io.sysql.storage.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SourceCounters;
import io.sysql.storage.Capture;
import io.sysql.storage.JournalContents;
import io.sysql.storage.CaptureMetadata;
import io.sysql.storage.CaptureWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Names are stored once per capture and found again by any reader, at any event, while recording goes on. */
class DictionaryTest {
    @TempDir
    Path tmp;

    /** An open of {@code path} by process {@code pid} named {@code name}. */
    private static Event open(int pid, String name, String path) {
        Event e = Event.of(EventKinds.OPENAT, pid, pid);
        e.ts = 1_000;
        e.procName = name;
        e.path = path;
        e.fdName = path;
        e.fdType = FdType.FILE;
        e.res = 3;
        return e;
    }


    private Path dictionaryFile(Path capture) {
        return capture.resolve(Journal.DIR_NAME).resolve(DictionaryReader.FILE_NAME);
    }

    @Test
    void aNameRepeatedAcrossBlocksIsStoredOnce() throws IOException {
        Path dir = tmp.resolve("cap");
        try (CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit")) {
            for (int i = 0; i < 1000; i++) {
                w.accept(open(10 + i % 3, "worker-" + i % 3, "/srv/data/" + i % 5));
            }
        }
        // 3 process names, 5 paths (also the fds' names), the capture end's names if any: a few dozen bytes
        assertThat(Files.size(dictionaryFile(dir))).isLessThan(200);
        try (Capture c = Capture.open(dir)) {
            List<Event> all = JournalContents.from(c, 1);
            assertThat(all).hasSize(1001);
            for (int i = 0; i < 1000; i++) {
                assertThat(all.get(i).path).isEqualTo("/srv/data/" + i % 5);
                assertThat(all.get(i).fdName).isEqualTo("/srv/data/" + i % 5);
                assertThat(all.get(i).procName).isEqualTo("worker-" + i % 3);
            }
        }
    }

    @Test
    void argsHandedOverAgainAsTheSameStringAreStoredOnceAndFreshArgsStayInline() throws IOException {
        Path dir = tmp.resolve("cap");
        String repeated = "cpu_usr=12 cpu_sys=3";
        try (CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit")) {
            for (int i = 0; i < 1000; i++) {
                Event e = Event.of(EventKinds.of("procinfo"), 10, 10);
                e.ts = 1_000 + i;
                // a source repeating a text hands over one instance; text made per event is a new string
                e.args = i % 2 == 0 ? repeated : "addr=" + (4096L * i) + " héllo";
                w.accept(e);
            }
        }
        // the repeated text once; none of the 500 distinct ones
        assertThat(Files.readString(dictionaryFile(dir), StandardCharsets.UTF_8))
                .contains(repeated).doesNotContain("addr=");
        try (Capture c = Capture.open(dir)) {
            List<Event> all = JournalContents.from(c, 1);
            for (int i = 0; i < 1000; i++) {
                assertThat(all.get(i).args).isEqualTo(i % 2 == 0 ? repeated : "addr=" + (4096L * i) + " héllo");
            }
        }
    }

    @Test
    void aReaderOpenedBeforeNewNamesAreWrittenFindsThem() {
        Path dir = tmp.resolve("live");
        CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit");
        w.accept(open(10, "first", "/a"));
        w.flush();
        try (Capture reader = Capture.open(dir);
             Journal.Cursor tail = reader.events(1)) {
            Event e = new Event();
            assertThat(tail.next(e)).isTrue();
            assertThat(e.path).isEqualTo("/a");
            assertThat(tail.next(e)).isFalse();

            for (int i = 0; i < 200; i++) {
                w.accept(open(20, "second", "/b/" + i));
            }
            w.flush();
            assertThat(reader.refresh()).isEqualTo(201);
            for (int i = 0; i < 200; i++) {
                assertThat(tail.next(e)).isTrue();
                assertThat(e.procName).isEqualTo("second");
                assertThat(e.path).isEqualTo("/b/" + i);
            }
            // a second cursor seeking straight to a late event, on the dictionary already loaded
            try (Journal.Cursor seek = reader.events(150)) {
                assertThat(seek.next(e)).isTrue();
                assertThat(e.path).isEqualTo("/b/148");
            }
        }
        w.finish(new SourceCounters(), null, CaptureMetadata.STATE_COMPLETE);
    }

    @Test
    void aSeekIntoTheMiddleAfterReopeningKnowsEveryEarlierName() {
        Path dir = tmp.resolve("cap");
        try (CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit")) {
            for (int i = 0; i < 5000; i++) {
                w.accept(open(10 + i % 50, "proc-" + i % 50, "/f/" + i % 700));
            }
        }
        for (long n : new long[] {4999, 2500, 1, 64, 65, 3333}) {
            try (Capture c = Capture.open(dir); Journal.Cursor cursor = c.events(n)) {
                Event e = new Event();
                assertThat(cursor.next(e)).isTrue();
                int i = (int) n - 1;
                assertThat(e.num).isEqualTo(n);
                assertThat(e.procName).isEqualTo("proc-" + i % 50);
                assertThat(e.fdName).isEqualTo("/f/" + i % 700);
            }
        }
    }

    @Test
    void longAndNonAsciiNamesComeBackWhole() {
        String longPath = "/deep/" + "x".repeat(DictionaryWriter.MAX_LENGTH + 10) + "/end";
        String[] names = {"naïve", "日本語のプロセス", "emoji-\uD83D\uDE80", "", longPath};
        Path dir = tmp.resolve("cap");
        try (CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit")) {
            for (int round = 0; round < 3; round++) {
                for (String name : names) {
                    w.accept(open(10, name, "/tmp/" + name));
                    w.accept(open(11, "p", name));
                }
            }
        }
        try (Capture c = Capture.open(dir)) {
            List<Event> all = JournalContents.from(c, 1);
            int k = 0;
            for (int round = 0; round < 3; round++) {
                for (String name : names) {
                    assertThat(all.get(k).procName).isEqualTo(name);
                    assertThat(all.get(k++).path).isEqualTo("/tmp/" + name);
                    assertThat(all.get(k++).path).isEqualTo(name);
                }
            }
        }
    }

    @Test
    void manyDistinctNamesAreAllKept() {
        int n = 100_000;
        Path dir = tmp.resolve("cap");
        try (CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit")) {
            for (int i = 0; i < n; i++) {
                w.accept(open(10, "indexer", "/var/lib/files/" + i + ".dat"));
            }
        }
        try (Capture c = Capture.open(dir)) {
            List<Event> all = JournalContents.from(c, 1);
            for (int i = 0; i < n; i++) {
                assertThat(all.get(i).path).isEqualTo("/var/lib/files/" + i + ".dat");
            }
            try (Journal.Cursor cursor = c.events(77_777)) {
                Event e = new Event();
                assertThat(cursor.next(e)).isTrue();
                assertThat(e.fdName).isEqualTo("/var/lib/files/77776.dat");
            }
        }
    }

    @Test
    void anEntryCutShortByAKilledWriterIsIgnored() throws IOException {
        Path dir = tmp.resolve("cap");
        try (CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit")) {
            w.accept(open(10, "app", "/x"));
        }
        // A killed writer leaves its capture without the journal fingerprints an ended one has.
        CaptureMetadata metadata = CaptureMetadata.read(dir);
        metadata.asMap().keySet().stream().filter(k -> k.startsWith(CaptureMetadata.FINGERPRINT_PREFIX)).toList()
                .forEach(k -> metadata.put(k, null));
        metadata.put(CaptureMetadata.STATE, CaptureMetadata.STATE_RECORDING).write(dir);
        // a length of 100 and only part of the text: the entry a writer was appending when killed
        Files.write(dictionaryFile(dir), new byte[] {100, 'a', 'b'}, StandardOpenOption.APPEND);
        try (Capture c = Capture.open(dir)) {
            assertThat(JournalContents.from(c, 1).get(0).path).isEqualTo("/x");
        }
        long startMillis = CaptureMetadata.read(dir).getLong(CaptureMetadata.START_TS, 0) / 1_000_000L;
        try (Journal continued = Journal.openForWrite(dir, startMillis)) {
            Event e = open(10, "app", "/y");
            e.num = continued.lastNum() + 1;
            continued.append(e);
        }
        try (Capture c = Capture.open(dir)) {
            List<Event> all = JournalContents.from(c, 1);
            assertThat(all.get(all.size() - 1).path).isEqualTo("/y");
            assertThat(all.get(0).path).isEqualTo("/x");
        }
        assertThat(new String(Files.readAllBytes(dictionaryFile(dir)), StandardCharsets.UTF_8)).doesNotContain("ab");
    }
}
