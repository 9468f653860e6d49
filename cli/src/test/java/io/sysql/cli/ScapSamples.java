package io.sysql.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real sysdig/falco captures shared with the scap reader's tests: {@code -Dsysql.scap.samples=DIR}, else
 * {@code ../shared/samples/scap} from the repository root or a parent of it.
 */
final class ScapSamples {
    private ScapSamples() {
    }

    static Path dir() {
        String prop = System.getProperty("sysql.scap.samples");
        if (prop != null) {
            return Paths.get(prop);
        }
        Path cwd = Paths.get("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/samples/scap").normalize();
            if (Files.isRegularFile(candidate.resolve("expected.json"))) {
                return candidate;
            }
        }
        return cwd.resolve("../shared/samples/scap").normalize();
    }

    /** The sample, or the test is skipped with the reason printed. */
    static Path require(String name) {
        Path f = dir().resolve(name);
        boolean present = Files.isRegularFile(f);
        String reason = "scap sample " + f + " not found (set -Dsysql.scap.samples=DIR)";
        if (!present) {
            System.out.println("SKIPPED: " + reason);
        }
        assumeTrue(present, reason);
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
