package io.sysql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real sysdig/falco captures of the repository ({@code samples/scap}), passed by surefire as
 * {@code -Dsysql.scap.samples}.
 */
final class ScapSamples {
    private ScapSamples() {
    }

    static Path dir() {
        String prop = System.getProperty("sysql.scap.samples");
        return prop != null ? Paths.get(prop) : Paths.get("samples/scap");
    }

    /** The sample; a missing one fails the test (the captures are part of the repository). */
    static Path require(String name) {
        Path f = dir().resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("scap sample " + f + " not found: the repository's samples/scap holds it");
        }
        return f;
    }

    /** What libsinsp read from the sample (see the samples' README.md). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> expected(String name) throws IOException {
        Map<String, Object> all = new ObjectMapper().readValue(require("expected.json").toFile(), Map.class);
        return (Map<String, Object>) all.get(name);
    }

    /** A count table of expected.json ("libsinsp_events_by_type", "fds_at_open_by_type"...). */
    @SuppressWarnings("unchecked")
    static Map<String, Long> table(Map<String, Object> expected, String key) {
        Map<String, Long> out = new TreeMap<>();
        ((Map<String, Number>) expected.get(key)).forEach((k, v) -> out.put(k, v.longValue()));
        return out;
    }

    static long number(Map<String, Object> expected, String key) {
        return ((Number) expected.get(key)).longValue();
    }
}
