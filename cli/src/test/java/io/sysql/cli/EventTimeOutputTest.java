package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sysql query} prints {@code event_time} with the nanoseconds of {@code ts} in every format, on a real
 * sysdig capture of the repository whose calls' times have nanoseconds.
 */
class EventTimeOutputTest {
    private static final String SQL = "SELECT ts, event_time FROM events";

    @TempDir
    static Path tmp;
    static Path capture;

    @BeforeAll
    static void importSample() {
        capture = tmp.resolve("cap");
        CliRun run = CliRun.of("import", ScapSamples.require("open-multiple-files.scap").toString(), "-o", capture.toString());
        assertThat(run.status()).as(run.err()).isZero();
    }

    /** A row's ts and its printed event_time. */
    private record Printed(long ts, String eventTime) {
    }

    private static CliRun query(String... format) {
        List<String> args = new ArrayList<>(List.of("query", capture.toString(), SQL));
        args.addAll(List.of(format));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.status()).as(run.err()).isZero();
        return run;
    }

    /**
     * Each printed time ends with the seconds and nine fractional digits of its ts (the zone moves hours and
     * minutes only); some rows' times fall within a millisecond, so milliseconds would not do.
     */
    private static void assertNanosecondsOfTs(List<Printed> rows) {
        assertThat(rows).hasSizeGreaterThan(2000);
        for (Printed p : rows) {
            long ns = p.ts() % 1_000_000_000L;
            long second = p.ts() / 1_000_000_000L % 60;
            assertThat(p.eventTime()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{9}")
                    .endsWith(String.format(":%02d.%09d", second, ns));
        }
        assertThat(rows).filteredOn(p -> p.ts() % 1_000_000 != 0).hasSizeGreaterThan(1000);
    }

    @Test
    void aTableShowsTheNanoseconds() {
        List<Printed> rows = new ArrayList<>();
        String[] lines = query().out().split("\n");
        assertThat(lines[0].trim()).matches("ts\\s+event_time");
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].trim().split("\\s+", 2);
            rows.add(new Printed(Long.parseLong(cells[0]), cells[1]));
        }
        assertNanosecondsOfTs(rows);
    }

    @Test
    void jsonAndCsvShowTheNanoseconds() throws IOException {
        List<Printed> json = new ArrayList<>();
        for (JsonNode row : new ObjectMapper().readTree(query("--format", "json").out())) {
            json.add(new Printed(row.get("ts").asLong(), row.get("event_time").asText()));
        }
        assertNanosecondsOfTs(json);

        List<Printed> csv = new ArrayList<>();
        String[] lines = query("--format", "csv").out().split("\n");
        assertThat(lines[0]).isEqualTo("ts,event_time");
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            csv.add(new Printed(Long.parseLong(cells[0]), cells[1]));
        }
        assertNanosecondsOfTs(csv);
    }
}
