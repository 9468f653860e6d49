package io.sysql.capture.scap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sysql.capture.event.SourceCounters;
import io.sysql.capture.source.ReadProgress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Fuzzes the scap reader with the repository's real captures, damaged: bytes changed, the file cut, a range
 * of bytes copied over another (a block spliced in the wrong place), then read plain or gzip-compressed. Each
 * read ends within seconds with a summary (partial, with its fault's offset and message, when it stopped
 * early) or a {@link ScapFormatException} / IOException with a message: never another exception, never a
 * hang. The tries per run are bounded to keep {@code mvn test} short; a longer run:
 * {@code mvn -pl capture test -Dtest=ScapReaderFuzzTest -Djqwik.tries.default=20000} (see README).
 */
class ScapReaderFuzzTest {
    private static final List<String> SAMPLES = List.of("cat_write.scap", "connect_localhost.scap",
            "curl_google.scap", "empty.scap", "open-multiple-files.scap", "psp_run_as_user_0_container.scap",
            "single_ipv6_conn.scap", "syscall.scap", "test_ipv6_client.scap");

    /** One change to a capture's bytes; positions are fractions of its length, so they shrink and fit any. */
    record Mutation(Kind kind, double at, double from, int length, int value) {
        enum Kind { FLIP, CUT, SPLICE }

        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return in;
            }
            int pos = (int) (at * (in.length - 1));
            switch (kind) {
                case FLIP -> {
                    byte[] out = in.clone();
                    out[pos] ^= (byte) (value == 0 ? 1 : value);
                    return out;
                }
                case CUT -> {
                    return Arrays.copyOf(in, pos);
                }
                default -> {
                    int src = (int) (from * (in.length - 1));
                    int n = Math.min(length, Math.min(in.length - src, in.length - pos));
                    byte[] out = in.clone();
                    System.arraycopy(in, src, out, pos, n);
                    return out;
                }
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.of(Mutation.Kind.class), Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 4096),
                Arbitraries.integers().between(0, 255)).as(Mutation::new);
    }

    @Property
    void aDamagedCaptureIsReadOrRefusedWithAMessage(@ForAll("sample") String sample,
            @ForAll @Size(min = 1, max = 6) List<@net.jqwik.api.From("mutation") Mutation> mutations,
            @ForAll boolean compressed) throws IOException {
        byte[] bytes = plain(sample);
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        Path file = Files.createTempFile("fuzz", ".scap");
        try {
            write(file, bytes, compressed);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try {
                    ScapSummary s = ScapReader.read(file, e -> { }, new SourceCounters(), ReadProgress.NONE, 80,
                            4096);
                    if (s.partial()) {
                        assertThat(s.faultMessage()).as("a partial read says why").isNotBlank();
                    }
                } catch (IOException refused) {
                    assertThat(refused.getMessage()).as("a refusal says why").isNotBlank().doesNotContain("\n");
                }
            });
        } finally {
            Files.delete(file);
        }
    }

    @Provide
    Arbitrary<String> sample() {
        return Arbitraries.of(SAMPLES);
    }

    private static byte[] plain(String sample) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ScapSamples.require(sample)))) {
            return in.readAllBytes();
        }
    }

    private static void write(Path file, byte[] bytes, boolean compressed) throws IOException {
        try (OutputStream out = compressed ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
