package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneId;

/** The times a user writes for a point (the chisels' --at, the ui's time field), read to the nanosecond. */
class WhenTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-11-26 10:00:00.123456789Z  | 2026-11-26T10:00:00.123456789Z",
        "2026-11-26T10:00:00.5+02:00     | 2026-11-26T08:00:00.5Z",
        "2026-11-26 10:00:00.000000001+0200 | 2026-11-26T08:00:00.000000001Z",
        "2026-11-26 10:00-05             | 2026-11-26T15:00:00Z",
        "2026-11-26 10:00:07             | 2026-11-26T09:00:07Z",
        "2026-07-01 10:00:00.25          | 2026-07-01T08:00:00.25Z"})
    void aTimeIsTheInstantItNamesOnTheClockGivenElseTheZones(String written, String instant) {
        Instant expected = Instant.parse(instant);
        assertThat(When.epochNanos(written, PARIS))
                .isEqualTo(expected.getEpochSecond() * 1_000_000_000L + expected.getNano());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-26", "2026-11-26 25:00", "2026-02-30 10:00", "12345",
        "2026-11-26 10:00:00.1234567891", "3000-01-01 00:00"})
    void anythingElseIsNotATime(String written) {
        assertThat(When.epochNanos(written, PARIS)).isNull();
    }
}
