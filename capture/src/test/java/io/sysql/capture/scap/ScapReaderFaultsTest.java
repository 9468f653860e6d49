package io.sysql.capture.scap;

import io.sysql.capture.source.ReadProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.EventKinds;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and foreign inputs: the reader says where it stopped and keeps what it read before. */
class ScapReaderFaultsTest {
    @TempDir
    Path tmp;

    private static byte[] decompressed(String sample) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ScapSamples.require(sample)))) {
            return in.readAllBytes();
        }
    }

    /** Start offsets of the blocks, walked independently of the reader. */
    private static List<Integer> blockOffsets(byte[] capture) {
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new ArrayList<>();
        for (int pos = 0; pos + 8 <= capture.length; pos += b.getInt(pos + 4)) {
            offsets.add(pos);
        }
        return offsets;
    }

    private static final class Run {
        final List<Event> events = new ArrayList<>();
        ScapSummary summary;
    }

    private static Run read(Path file) throws IOException {
        Run r = new Run();
        r.summary = ScapReader.read(file, e -> r.events.add(e.copy()), new SourceCounters(), ReadProgress.NONE);
        return r;
    }

    @Test
    void plainCaptureReadsLikeTheCompressedOne() throws IOException {
        Path plain = tmp.resolve("plain.scap");
        Files.write(plain, decompressed("single_ipv6_conn.scap"));
        Run r = read(plain);
        assertThat(r.summary.compressed()).isFalse();
        assertThat(r.summary.partial()).isFalse();
        assertThat(r.summary.eventsByType()).isEqualTo(read(ScapSamples.require("single_ipv6_conn.scap"))
                .summary.eventsByType());
    }

    @Test
    void captureCutInsideABlockIsPartialAtThatBlock() throws IOException {
        byte[] full = decompressed("curl_google.scap");
        List<Integer> offsets = blockOffsets(full);
        int cutBlock = offsets.get(offsets.size() / 2);
        Path cut = tmp.resolve("cut.scap");
        Files.write(cut, Arrays.copyOf(full, cutBlock + 10));

        Run r = read(cut);

        assertThat(r.summary.partial()).isTrue();
        assertThat(r.summary.faultOffset()).isEqualTo(cutBlock);
        assertThat(r.summary.faultBlockType()).isEqualTo(ScapBlockType.EVENT);
        assertThat(r.summary.faultMessage()).contains("truncated").contains("offset " + cutBlock);
        assertThat(r.events).as("everything before the fault was delivered").hasSize((int) r.summary.events());
        assertThat(r.summary.eventBlocks()).isPositive();
    }

    @Test
    void truncatedGzipFileIsPartialWithTheOffsetReached() throws IOException {
        byte[] gz = Files.readAllBytes(ScapSamples.require("open-multiple-files.scap"));
        Path cut = tmp.resolve("cut.scap.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length * 2 / 3));

        Run r = read(cut);

        assertThat(r.summary.partial()).isTrue();
        assertThat(r.summary.faultOffset()).isPositive().isLessThan(decompressed("open-multiple-files.scap").length);
        assertThat(r.summary.faultMessage()).contains("offset " + r.summary.faultOffset())
                .contains("compressed stream ends early");
        assertThat(r.events).hasSize((int) r.summary.events());
        assertThat(r.events.stream().filter(e -> e.kind == EventKinds.SNAP_PROCESS).count()).isEqualTo(61);
    }

    @Test
    void blockWhoseLengthIsWrongStopsTheReadThere() throws IOException {
        byte[] capture = decompressed("connect_localhost.scap");
        List<Integer> offsets = blockOffsets(capture);
        int bad = offsets.get(offsets.size() - 10);
        ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN).putInt(bad + 4, 64);
        Path file = tmp.resolve("bad-length.scap");
        Files.write(file, capture);

        Run r = read(file);

        assertThat(r.summary.partial()).isTrue();
        assertThat(r.summary.faultOffset()).isEqualTo(bad);
        assertThat(r.summary.faultMessage()).contains("wrong block length");
        assertThat(r.summary.eventBlocks()).as("the capture's 374 event blocks but the last ten").isEqualTo(364);
    }

    /** A pcapng block: type, total length, body padded to 4 bytes, total length again. */
    private static byte[] pcapngBlock(int type, byte[] body) {
        int length = 12 + (body.length + 3) / 4 * 4;
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(length).put(body)
                .putInt(length - 4, length).array();
    }

    /** A packet capture starts like a scap one (scap took pcapng's section header): it is refused, not imported empty. */
    @Test
    void pcapngPacketCaptureIsRejected() throws IOException {
        ByteBuffer sectionHeader = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
        ByteBuffer linkTypeAndSnaplen = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1).putShort((short) 0).putInt(65535);
        ByteBuffer packet = ByteBuffer.allocate(20 + 60).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0).putInt(0).putInt(0).putInt(60).putInt(60);
        Path pcapng = tmp.resolve("packets.pcapng");
        try (OutputStream out = Files.newOutputStream(pcapng)) {
            out.write(pcapngBlock(0x0A0D0D0A, sectionHeader.array()));
            out.write(pcapngBlock(1, linkTypeAndSnaplen.array()));
            out.write(pcapngBlock(6, packet.array()));
        }

        assertThatThrownBy(() -> read(pcapng)).isInstanceOf(ScapFormatException.class)
                .hasMessageContaining("not a scap capture: a pcapng packet capture")
                .satisfies(ex -> assertThat(((ScapFormatException) ex).offset()).isEqualTo(28));
    }

    @Test
    void fileThatIsNotACaptureIsRejected() throws IOException {
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "these are not the events you are looking for\n".repeat(4));
        assertThatThrownBy(() -> read(text)).isInstanceOf(ScapFormatException.class)
                .hasMessageContaining("not a scap capture").hasMessageContaining("offset 0")
                .satisfies(ex -> assertThat(((ScapFormatException) ex).offset()).isZero());

        Path gz = tmp.resolve("notes.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("{\"json\": true}".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> read(gz)).isInstanceOf(ScapFormatException.class)
                .hasMessageContaining("not a scap capture");

        Path empty = tmp.resolve("empty");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> read(empty)).isInstanceOf(ScapFormatException.class);
    }

    @Test
    void eventWithUndecodableParametersBecomesUnknownAndTheReadGoesOn() throws IOException {
        byte[] capture = decompressed("single_ipv6_conn.scap");
        List<Integer> offsets = blockOffsets(capture);
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        int victim = -1;
        for (int off : offsets) {
            if (b.getInt(off) == ScapBlockType.EVENT_V2 && b.getInt(off + 10 + 22) > 0) {
                victim = off;
                break;
            }
        }
        // claim more parameters than the event holds
        b.putInt(victim + 10 + 22, 60);
        Path file = tmp.resolve("bad-params.scap");
        Files.write(file, capture);
        SourceCounters counters = new SourceCounters();
        List<Event> events = new ArrayList<>();

        ScapSummary s = ScapReader.read(file, e -> events.add(e.copy()), counters, ReadProgress.NONE);

        assertThat(s.partial()).isFalse();
        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isEqualTo(1);
        assertThat(events.stream().filter(e -> e.kind == EventKinds.UNKNOWN).findFirst().orElseThrow().args)
                .contains("undecodable");
        assertThat(s.eventBlocks()).isEqualTo(1728);
    }

    @Test
    void processEntryWhoseNameRunsPastItsLengthIsSkippedAndCounted() throws IOException {
        byte[] capture = decompressed("single_ipv6_conn.scap");
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        int entry = -1;
        for (int off : blockOffsets(capture)) {
            if (ScapBlockType.procListVersion(b.getInt(off)) >= 9) {
                entry = off + 8;
                break;
            }
        }
        assertThat(entry).as("a process list with entry lengths").isPositive();
        List<Event> before = snapshotThreads(capture, new SourceCounters());
        // the name's length: after the entry length and tid, pid, ptid, session and process group ids
        b.putShort(entry + 4 + 40, (short) 0x7FFF);
        SourceCounters counters = new SourceCounters();

        List<Event> after = snapshotThreads(capture, counters);

        assertThat(counters.get(SourceCounters.DAMAGED_PROCESS_ENTRIES)).isEqualTo(1);
        assertThat(after).hasSize(before.size() - 1);
        assertThat(after.stream().map(e -> e.tid)).doesNotContain((int) b.getLong(entry + 4));
    }

    private List<Event> snapshotThreads(byte[] capture, SourceCounters counters) throws IOException {
        Path file = tmp.resolve("proclist.scap");
        Files.write(file, capture);
        List<Event> threads = new ArrayList<>();
        ScapSummary s = ScapReader.read(file, e -> {
            if (e.kind == EventKinds.SNAP_THREAD) {
                threads.add(e.copy());
            }
        }, counters, ReadProgress.NONE);
        assertThat(s.partial()).isFalse();
        return threads;
    }
}
