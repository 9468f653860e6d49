package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@code top}'s statement is SQL you could type, and options it cannot answer are one-line errors. */
class TopCommandTest {
    @TempDir
    static Path tmp;
    static String dir;

    @BeforeAll
    static void importSample() {
        dir = tmp.resolve("cap").toString();
        CliRun imported = CliRun.of("import", ScapSamples.require("curl_google.scap").toString(), "-o", dir);
        assertThat(imported.status()).as(imported.err()).isZero();
    }

    @Test
    void theShownSqlGivesWhatTopPrints() {
        String[] options = {"--by", "errors", "--from", "100", "--to", "proc_name = 'curl' AND failed", "--format", "csv"};
        CliRun top = CliRun.of(concat("top", dir, options));
        CliRun sql = CliRun.of(concat("top", dir, options, "--show-sql"));
        CliRun query = CliRun.of("query", dir, sql.out().strip(), "--format", "csv");
        assertThat(top.status()).as(top.err()).isZero();
        assertThat(query.status()).as(query.err()).isZero();
        assertThat(top.out().lines().skip(1)).isEqualTo(query.out().lines().skip(1).toList()).hasSize(1);
    }

    @Test
    void pointsOutsideTheCaptureAreErrors() {
        assertOneLineError(CliRun.of("top", dir, "--at", "99999", "--window", "1s"),
                "sysql: --at 99999: past the capture's last event, 1429");
        assertOneLineError(CliRun.of("top", dir, "--from", "proc_name = 'nope'"),
                "sysql: --from: no event matches proc_name = 'nope'");
    }

    /** A window that ends before it starts holds nothing: said, not printed as an empty ranking. */
    @Test
    void aWindowEndingBeforeItStartsIsAnError() {
        assertOneLineError(CliRun.of("top", dir, "--from", "5", "--to", "3"),
                "sysql: the window ends before it starts: --to 3 is before --from 5");
        String early = eventTime(10);
        String late = eventTime(1000);
        assertOneLineError(CliRun.of("top", dir, "--from", late, "--to", early),
                "sysql: the window ends before it starts: --to " + early + " is before --from " + late);
        assertOneLineError(CliRun.of("top", dir, "--from", "1000", "--to", early),
                "sysql: the window ends before it starts: --to " + early + " is before --from 1000");
        assertOneLineError(CliRun.of("top", dir, "--from", late, "--to", "10"),
                "sysql: the window ends before it starts: --to 10 is before --from " + late);
        CliRun fromAnEventToItsTime = CliRun.of("top", dir, "--from", "1000", "--to", late, "--format", "csv");
        assertThat(fromAnEventToItsTime.status()).as(fromAnEventToItsTime.err()).isZero();
        assertThat(fromAnEventToItsTime.out().lines()).hasSizeGreaterThan(1);
    }

    private static String eventTime(long num) {
        CliRun time = CliRun.of("query", dir, "SELECT event_time FROM events WHERE num = " + num, "--format", "csv");
        assertThat(time.status()).as(time.err()).isZero();
        return time.out().lines().skip(1).findFirst().orElseThrow();
    }

    @Test
    void badDurationsAreRefused() {
        assertOneLineError(CliRun.of("top", dir, "--every", "1us"), "sysql: --every must be whole milliseconds, not '1us'");
        assertOneLineError(CliRun.of("top", dir, "--window", "soon"),
                "sysql: --window takes a duration such as 500ms, 1s, 1.5s, 2m or 1h, not 'soon'");
    }

    private static void assertOneLineError(CliRun run, String line) {
        assertThat(run.status()).isNotZero();
        assertThat(run.err().lines()).containsExactly(line);
    }

    private static String[] concat(String command, String dir, String[] options, String... more) {
        String[] all = new String[2 + options.length + more.length];
        all[0] = command;
        all[1] = dir;
        System.arraycopy(options, 0, all, 2, options.length);
        System.arraycopy(more, 0, all, 2 + options.length, more.length);
        return all;
    }
}
