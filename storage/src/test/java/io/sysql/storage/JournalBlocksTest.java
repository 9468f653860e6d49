package io.sysql.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKind;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.FdType;
import io.sysql.capture.event.SourceCounters;
import io.sysql.storage.journal.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The journal keeps events in blocks: any event can be sought, and what is written is seen while recording. */
class JournalBlocksTest {
    @TempDir
    Path tmp;

    /** A process, then {@code n - 1} reads, writes, opens and closes from a few threads and cpus. */
    private static List<Event> workload(int n) {
        SplittableRandom random = new SplittableRandom(42);
        List<Event> events = new ArrayList<>();
        Event snap = Event.of(EventKinds.SNAP_PROCESS, 10, 10);
        snap.name = "app";
        snap.args = "app --serve";
        snap.uid = 0;
        snap.gid = 0;
        events.add(snap);
        long ts = 1_000_000;
        for (int i = 1; i < n; i++) {
            int kind = random.nextInt(4);
            EventKind type = kind == 0 ? EventKinds.OPENAT : kind == 1 ? EventKinds.CLOSE : kind == 2 ? EventKinds.READ : EventKinds.WRITE;
            Event e = Event.of(type, 10, random.nextBoolean() ? 10 : 11 + random.nextInt(3));
            ts += random.nextInt(3) == 0 ? 0 : random.nextInt(100_000);
            e.ts = ts;
            e.cpu = random.nextInt(2);
            e.latencyNs = random.nextInt(10_000);
            if (kind == 0) {
                e.path = "/data/f" + i;
                e.res = 3 + random.nextInt(20);
                e.fdType = FdType.FILE;
            } else {
                e.fd = 3 + random.nextInt(20);
                e.res = random.nextInt(10) == 0 ? -1 : random.nextInt(4096);
                e.errno = e.res < 0 ? 9 : 0;
            }
            events.add(e);
        }
        return events;
    }

    /**
     * Records {@code events}, writing a block whenever {@code flushAfter} says so (besides full blocks);
     * the events are left as journaled (numbered and annotated by the writer).
     */
    private Path record(List<Event> events, java.util.function.IntPredicate flushAfter) {
        Path dir = tmp.resolve("cap");
        try (CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit")) {
            for (int i = 0; i < events.size(); i++) {
                w.accept(events.get(i));
                if (flushAfter.test(i)) {
                    w.flush();
                }
            }
        }
        return dir;
    }


    private static Event eventAt(Capture c, long num) {
        Event e = new Event();
        try (Journal.Cursor cursor = c.events(num)) {
            assertThat(cursor.next(e)).as("event %d", num).isTrue();
        }
        return e;
    }

    @Test
    void aSeekIntoTheMiddleOfABlockStartsAtThatEvent() {
        Path dir = record(workload(1000), i -> false);
        try (Capture c = Capture.open(dir)) {
            List<Event> all = JournalContents.from(c, 1);
            assertThat(all).hasSize(1001); // and the capture's end
            for (long n : new long[] {1, 2, 40, 63, 64, 65, 66, 127, 128, 129, 500, 999, 1000, 1001}) {
                Event e = eventAt(c, n);
                assertThat(e.num).isEqualTo(n);
                assertThat(e).usingRecursiveComparison().isEqualTo(all.get((int) n - 1));
            }
            assertThat(JournalContents.from(c, 700)).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(all.subList(699, all.size()));
        }
    }

    @Test
    void eventsKeepTheirFieldsAcrossABlock() {
        List<Event> written = workload(300);
        Path dir = record(written, i -> false);
        try (Capture c = Capture.open(dir)) {
            List<Event> read = JournalContents.from(c, 1);
            assertThat(read.subList(0, written.size())).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(written);
        }
    }

    @Test
    void skippingABodyLandsOnTheNextEvent() {
        Event full = Event.of(EventKinds.of("some_call_without_a_code"), 5, 6);
        full.ts = 7;
        full.fd = 1;
        full.fd2 = 2;
        full.flags = 3;
        full.mode = 4;
        full.path = "/p";
        full.fdType = FdType.IPV6;
        full.sockFamily = 10;
        full.l4proto = "udp";
        full.localIp = "::1";
        full.localPort = 53;
        full.remoteIp = "::2";
        full.remotePort = 5353;
        full.isServer = true;
        full.sockState = "ESTABLISHED";
        full.name = "n";
        full.exe = "/bin/n";
        full.args = "n -x";
        full.cwd = "/";
        full.ppid = 1;
        full.uid = 1000;
        full.gid = 1000;
        full.startTs = 2;
        full.vmSizeKb = 3;
        full.vmRssKb = 4;
        full.fdLimit = 1024;
        full.exitCode = -1;
        full.signal = 9;
        full.home = "/home/n";
        full.shell = "/bin/sh";
        full.data = "bytes".getBytes(StandardCharsets.UTF_8);
        full.vpid = 1;
        full.vtid = 2;
        full.targetPid = 3;
        Event after = Event.of(EventKinds.CLOSE, 5, 6);
        after.ts = 8;
        after.fd = 1;
        Path dir = record(List.of(full, after), i -> false);
        try (Capture c = Capture.open(dir)) {
            Event head = new Event();
            try (Journal.Cursor cursor = c.events(1)) {
                assertThat(cursor.nextHead(head)).isTrue();
                assertThat(head.kind.name()).isEqualTo("some_call_without_a_code");
                assertThat(cursor.next(head)).isTrue();
                assertThat(head.num).isEqualTo(2);
                assertThat(head.fd).isEqualTo(1);
            }
            assertThat(eventAt(c, 1)).usingRecursiveComparison().isEqualTo(full);
        }
    }

    @Test
    void blocksOfOneEventAndOfAnySizeAreSought() {
        List<Event> events = workload(400);
        SplittableRandom random = new SplittableRandom(7);
        boolean[] flushes = new boolean[events.size()];
        for (int i = 0; i < flushes.length; i++) {
            flushes[i] = i < 100 || random.nextInt(10) == 0; // 100 blocks of one event, then blocks of 1 to 64
        }
        Path dir = record(events, i -> flushes[i]);
        try (Capture c = Capture.open(dir)) {
            assertThat(c.lastNum()).isEqualTo(401);
            List<Event> all = JournalContents.from(c, 1);
            for (long n = 1; n <= 401; n++) {
                assertThat(eventAt(c, n)).usingRecursiveComparison().isEqualTo(all.get((int) n - 1));
            }
            assertThat(c.lastNumAtOrBefore(all.get(250).ts)).isGreaterThanOrEqualTo(251);
        }
    }

    @Test
    void aPartialBlockIsSeenByASecondReaderBeforeTheWriterFinishes() {
        Path dir = tmp.resolve("live");
        List<Event> events = workload(10);
        CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit");
        for (int i = 0; i < 3; i++) {
            w.accept(events.get(i).copy());
        }
        w.flush();
        try (Capture reader = Capture.open(dir);
             Journal.Cursor tail = reader.events(1)) {
            assertThat(reader.lastNum()).isEqualTo(3);
            Event e = new Event();
            for (int n = 1; n <= 3; n++) {
                assertThat(tail.next(e)).isTrue();
                assertThat(e.num).isEqualTo(n);
            }
            assertThat(tail.next(e)).isFalse();

            for (int i = 3; i < 10; i++) {
                w.accept(events.get(i).copy());
            }
            w.flush();
            assertThat(reader.refresh()).isEqualTo(10);
            for (int n = 4; n <= 10; n++) {
                assertThat(tail.next(e)).isTrue();
                assertThat(e.num).isEqualTo(n);
            }
            assertThat(tail.next(e)).isFalse();
            try (Capture second = Capture.open(dir)) {
                assertThat(JournalContents.from(second, 5)).extracting(x -> x.num).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
            }
        }
        w.finish(new SourceCounters(), null, CaptureMetadata.STATE_COMPLETE);
    }

    @Test
    void aQuietWriterStillMakesItsEventsVisible() throws InterruptedException {
        Path dir = tmp.resolve("quiet");
        CaptureWriter w = CaptureWriter.create(dir, false, "test", "unit");
        w.accept(workload(1).get(0).copy());
        try (Capture reader = Capture.open(dir)) {
            long seen = reader.lastNum();
            for (int i = 0; i < 400 && seen == 0; i++) { // the timer flushes; 10 s is only the test's patience
                Thread.sleep(25);
                seen = reader.refresh();
            }
            assertThat(seen).isEqualTo(1);
        }
        w.finish(new SourceCounters(), null, CaptureMetadata.STATE_COMPLETE);
    }
}
