package io.sysql.capture.scap;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysql.capture.event.Event;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic capture trains import's JIT profile: it must read as a real capture does, every event
 * decoded (none unknown, no parse error), in both block layouts, with what each call did.
 */
class SyntheticScapTest {
    @TempDir
    Path tmp;

    @Test
    void everyEventDecodesAsTheCallItStandsFor() throws IOException {
        Path file = tmp.resolve("synthetic.scap");
        int rounds = 32;
        int written = SyntheticScap.write(file, rounds);

        List<Event> events = new ArrayList<>();
        SourceCounters counters = new SourceCounters();
        ScapSummary summary = ScapReader.read(file, e -> events.add(e.copy()), counters, ScapProgress.NONE);

        assertThat(summary.partial()).isFalse();
        assertThat(summary.eventBlocks()).isEqualTo(written);
        assertThat(counters.get(SourceCounters.PARSE_ERRORS)).isZero();
        assertThat(summary.blocks()).containsKeys(ScapBlockType.describe(ScapBlockType.EVENT));
        int forks = rounds / 16;
        assertThat(summary.eventsByType())
                .containsEntry("open", (long) rounds)
                .containsEntry("read", 2L * rounds)
                .containsEntry("connect", (long) rounds)
                .containsEntry("procinfo", (long) rounds)
                .containsEntry("clone", 2L * forks)
                .containsEntry("execve", (long) forks)
                .containsEntry("procexit", (long) forks)
                .doesNotContainKey("unknown");

        Event open = events.stream().filter(e -> e.type.equals("open")).findFirst().orElseThrow();
        assertThat(open.path).startsWith("/var/lib/synthetic/table-");
        assertThat(open.res).isEqualTo(3);
        Event connect = events.stream().filter(e -> e.type.equals("connect")).findFirst().orElseThrow();
        assertThat(connect.remoteIp).isEqualTo("127.0.0.1");
        assertThat(connect.remotePort).isEqualTo(8080);
        Event exec = events.stream().filter(e -> e.type.equals("execve")).findFirst().orElseThrow();
        assertThat(exec.exe).isEqualTo("/usr/bin/synthetic-worker");
        assertThat(exec.pid).isEqualTo(50_015);
    }
}
