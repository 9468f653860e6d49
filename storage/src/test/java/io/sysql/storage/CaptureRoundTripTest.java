package io.sysql.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SourceCounters;
import io.sysql.storage.history.FdRow;
import io.sysql.storage.history.HistoryIndexFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class CaptureRoundTripTest {
    @TempDir
    Path tmp;

    private static Event snapProcess(int pid, String name) {
        Event e = Event.of(EventKinds.SNAP_PROCESS, pid, pid);
        e.name = name;
        e.ppid = 1;
        e.uid = 0;
        e.gid = 0;
        e.args = name + " --flag";
        e.cwd = "/";
        return e;
    }

    /** Writes: process 100, then n file opens and closes alternating, a write with data, then its exit. */
    private Path record(int opens) {
        Path dir = tmp.resolve("cap");
        try (CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit")) {
            long ts = 1_000;
            Event e = snapProcess(100, "app");
            e.ts = ts++;
            w.accept(e);
            for (int i = 0; i < opens; i++) {
                Event open = Event.of(EventKinds.OPENAT, 100, 100);
                open.ts = ts++;
                open.res = 3 + (i % 50);
                open.path = "/tmp/f" + i;
                open.fdType = FdType.FILE;
                w.accept(open);
                if (i % 2 == 1) {
                    Event close = Event.of(EventKinds.CLOSE, 100, 100);
                    close.ts = ts++;
                    close.fd = 3 + (i % 50);
                    w.accept(close);
                }
            }
            Event write = Event.of(EventKinds.WRITE, 100, 100);
            write.ts = ts++;
            write.fd = 3;
            write.res = 5;
            write.data = "ERROR".getBytes(StandardCharsets.UTF_8);
            w.accept(write);
            Event exit = Event.of(EventKinds.PROCEXIT, 100, 100);
            exit.ts = ts;
            w.accept(exit);
        }
        return dir;
    }

    @Test
    void eventsRoundTripThroughTheJournalWithNamesAsTheyWere() {
        Path dir = record(4);
        try (Capture c = Capture.open(dir)) {
            List<Event> events = JournalContents.from(c, 1);
            assertThat(events).extracting(e -> e.num).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(events.get(9).kind.name()).as("a completed capture ends with its end marker").isEqualTo("capture_end");
            Event write = events.get(7);
            assertThat(write.kind.name()).isEqualTo("write");
            assertThat(new String(write.data, StandardCharsets.UTF_8)).isEqualTo("ERROR");
            assertThat(write.procName).isEqualTo("app");
            assertThat(write.fdName).isEqualTo("/tmp/f0");
            assertThat(events.get(1).path).isEqualTo("/tmp/f0");
            assertThat(events.get(0).args).isEqualTo("app --flag");
        }
    }


    @Test
    void persistedIndexAnswersLikeARebuiltOne() throws Exception {
        Path dir = record(3000);
        assertThat(dir.resolve(HistoryIndexFile.FILE_NAME)).exists();
        List<String> persisted;
        long last;
        try (Capture c = Capture.open(dir)) {
            last = c.lastNum();
            persisted = describe(c, last / 2);
            assertThat(describe(c, last - 1)).contains("process 100 exited=true");
            assertThat(describe(c, last)).as("gone after the event it died at").isEmpty();
        }
        Files.delete(dir.resolve(HistoryIndexFile.FILE_NAME));
        try (Capture c = Capture.open(dir)) {
            assertThat(c.lastNum()).isEqualTo(last);
            assertThat(describe(c, last / 2)).isEqualTo(persisted);
        }
        assertThat(dir.resolve(HistoryIndexFile.FILE_NAME)).as("rebuilt index is persisted again").exists();
    }

    @Test
    void damagedIndexIsRebuiltFromTheJournal() throws Exception {
        Path dir = record(3000);
        Path index = dir.resolve(HistoryIndexFile.FILE_NAME);
        List<String> whole;
        long last;
        try (Capture c = Capture.open(dir)) {
            last = c.lastNum();
            whole = describe(c, last / 2);
        }
        byte[] bytes = Files.readAllBytes(index);
        Map<String, byte[]> damaged = new LinkedHashMap<>();
        damaged.put("cut in half", Arrays.copyOf(bytes, bytes.length / 2));
        for (int at : new int[] {9, bytes.length / 3, bytes.length / 2, bytes.length - 5}) {
            byte[] flipped = bytes.clone();
            flipped[at] ^= 0x04;
            damaged.put("byte " + at + " changed", flipped);
        }
        for (Map.Entry<String, byte[]> d : damaged.entrySet()) {
            Files.write(index, d.getValue());
            assertThatThrownBy(() -> HistoryIndexFile.read(index)).as(d.getKey())
                    .isInstanceOf(IOException.class).hasMessageContaining("damaged history index");
            try (Capture c = Capture.open(dir)) {
                assertThat(c.lastNum()).isEqualTo(last);
                assertThat(describe(c, last / 2)).as(d.getKey()).isEqualTo(whole);
            }
            assertThat(Files.readAllBytes(index)).as("the rebuilt index replaces the one " + d.getKey())
                    .isEqualTo(bytes);
        }
    }

    private static List<String> describe(Capture c, long num) {
        var state = c.at(num);
        return Stream.concat(
                state.processes().stream().map(p -> "process " + p.pid + " exited=" + p.exited),
                state.fds().stream().map(f -> f.fd + "=" + f.name + " ufd=" + f.ufd))
                .collect(Collectors.toList());
    }

    @Test
    void staleIndexCatchesUpWithTheJournal() throws Exception {
        Path dir = tmp.resolve("live");
        CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit");
        Event p = snapProcess(7, "grower");
        p.ts = 10;
        w.accept(p);
        w.flush();
        try (Capture reader = Capture.open(dir)) {
            assertThat(reader.isRecording()).isTrue();
            assertThat(reader.lastNum()).isEqualTo(1);
            Event open = Event.of(EventKinds.OPEN, 7, 7);
            open.ts = 11;
            open.res = 9;
            open.path = "/grown";
            w.accept(open);
            w.flush();
            assertThat(reader.refresh()).isEqualTo(2);
            List<FdRow> fds = reader.at(2).fds();
            assertThat(fds).extracting(f -> f.name).containsExactly("/grown");
        }
        w.finish(new SourceCounters(), null, CaptureMetadata.STATE_COMPLETE);
    }

    @Test
    void asOfTimestampFindsTheLastEventAtOrBeforeIt() {
        Path dir = record(1000);
        try (Capture c = Capture.open(dir)) {
            assertThat(c.lastNumAtOrBefore(999)).isZero();
            assertThat(c.lastNumAtOrBefore(1000)).isEqualTo(1);
            assertThat(c.lastNumAtOrBefore(1700)).isEqualTo(701);
            assertThat(c.lastNumAtOrBefore(Long.MAX_VALUE)).isEqualTo(c.lastNum());
        }
    }

    @Test
    void captureFilesArePrivate() throws Exception {
        Path dir = record(2);
        assertThat(Files.getPosixFilePermissions(dir)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
                assertThat(perms).as(f.toString())
                        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            }
        }
    }

    @Test
    void journalFilesArePrivateWhileTheCaptureIsRecorded() throws Exception {
        Path dir = tmp.resolve("growing");
        try (CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit")) {
            Event e = snapProcess(100, "app");
            e.ts = 1_000;
            w.accept(e);
            w.flush();
            try (Stream<Path> files = Files.list(dir.resolve("journal"))) {
                List<Path> segments = files.filter(f -> f.toString().endsWith(".cq4")).collect(Collectors.toList());
                assertThat(segments).isNotEmpty();
                for (Path f : segments) {
                    assertThat(Files.getPosixFilePermissions(f)).as(f.toString())
                            .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
                }
            }
        }
    }

    @Test
    void nonEmptyDirectoryIsRefusedWithoutForceAndForeignFilesAlways() throws Exception {
        Path dir = record(2);
        assertThatThrownBy(() -> CaptureWriter.create(dir, false, "t", "t"))
                .hasMessageContaining("not empty").hasMessageContaining("--force");
        CaptureWriter.create(dir, true, "t", "t").close();
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> CaptureWriter.create(foreign, true, "t", "t"))
                .hasMessageContaining("not a sysql capture");
        assertThat(foreign.resolve("notes.txt")).exists();

        // A capture someone added files to: --force replaces only what sysql wrote, so it refuses.
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("journal").resolve("keep.txt"), "mine too");
        assertThatThrownBy(() -> CaptureWriter.create(dir, true, "t", "t"))
                .hasMessageContaining("holds files sysql did not write").hasMessageContaining("and 1 more");
        assertThat(dir.resolve("notes.txt")).exists();
        assertThat(dir.resolve(HistoryIndexFile.FILE_NAME)).exists();
    }

    @Test
    void openingSomethingElseSaysSo() throws Exception {
        assertThatThrownBy(() -> Capture.open(tmp.resolve("nope"))).isInstanceOf(CaptureException.class)
                .hasMessageContaining("no such capture directory");
        assertThatThrownBy(() -> Capture.open(tmp)).isInstanceOf(CaptureException.class)
                .hasMessageContaining("is not a sysql capture");
        // a directory such as /tmp, where other programs keep links: what it is not, not what is in it
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere").resolve("app"));
        Files.createSymbolicLink(elsewhere.resolve("lock"), Path.of("/nonexistent"));
        assertThatThrownBy(() -> Capture.open(elsewhere.getParent())).isInstanceOf(CaptureException.class)
                .hasMessage(elsewhere.getParent() + " is not a sysql capture (no capture.properties and journal in it)");
    }
}
