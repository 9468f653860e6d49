package io.sysql.capture.scap;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.source.ReadProgress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls the sample captures lack, decoded from a capture written here as the driver writes one. */
class ScapEventDecoderTest {
    private static final int TID = 100;

    private final ByteArrayOutputStream capture = new ByteArrayOutputStream();
    private long ts = 1_000_000_000L;

    @Test
    void shutdownCarriesItsDirection(@TempDir Path dir) throws IOException {
        sectionHeader();
        // shutdown(3, SHUT_WR), then shutdown(3, SHUT_RDWR): fd (PT_FD, 8 bytes) and how (PT_FLAGS8, 1 byte)
        call("shutdown", new byte[][] {i64(3), {1}}, new byte[][] {i64(0)});
        call("shutdown", new byte[][] {i64(3), {2}}, new byte[][] {i64(0)});

        List<Event> events = read(dir);

        assertThat(events).extracting(e -> e.kind.name()).containsExactly("shutdown", "shutdown");
        assertThat(events).extracting(e -> e.fd).containsExactly(3, 3);
        assertThat(events).extracting(e -> e.flags).as("Linux's SHUT_WR, SHUT_RDWR").containsExactly(1L, 2L);
    }

    private List<Event> read(Path dir) throws IOException {
        Path file = dir.resolve("shutdown.scap");
        Files.write(file, capture.toByteArray());
        List<Event> events = new ArrayList<>();
        ScapSummary s = ScapReader.read(file, e -> events.add(e.copy()), new SourceCounters(), ReadProgress.NONE);
        assertThat(s.partial()).isFalse();
        return events;
    }

    private void sectionHeader() {
        ByteBuffer b = le(28);
        b.putInt(ScapBlockType.SECTION_HEADER).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 2)
                .putLong(-1).putInt(28);
        capture.writeBytes(b.array());
    }

    private void call(String name, byte[][] enter, byte[][] exit) {
        ScapEventType type = Arrays.stream(ScapEventType.all()).filter(t -> t.enter && t.kind.name().equals(name))
                .findFirst().orElseThrow();
        event(type.code, enter);
        event(type.code + 1, exit);
    }

    /** An event block with a parameter count (EVENT_V2): cpu, header, lengths, values, padding to 4. */
    private void event(int code, byte[][] params) {
        int values = Arrays.stream(params).mapToInt(p -> p.length).sum();
        int eventLength = 26 + 2 * params.length + values;
        int blockLength = 8 + 2 + ((eventLength + 3) & ~3) + 4;
        ByteBuffer b = le(blockLength);
        b.putInt(ScapBlockType.EVENT_V2).putInt(blockLength).putShort((short) 0);
        b.putLong(ts++).putLong(TID).putInt(eventLength).putShort((short) code).putInt(params.length);
        for (byte[] p : params) {
            b.putShort((short) p.length);
        }
        for (byte[] p : params) {
            b.put(p);
        }
        b.putInt(blockLength - 4, blockLength);
        capture.writeBytes(b.array());
    }

    private static byte[] i64(long v) {
        return le(8).putLong(v).array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
