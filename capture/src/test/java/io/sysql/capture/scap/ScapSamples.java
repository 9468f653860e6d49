package io.sysql.capture.scap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Where the shared scap samples live: {@code -Dsysql.scap.samples=DIR}, else {@code ../shared/samples/scap}
 * relative to the repository root (the tests run from the module directory or the root).
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

    @SuppressWarnings("unchecked")
    static Map<String, Object> expected(String name) throws IOException {
        Path f = require("expected.json");
        Map<String, Object> all = (Map<String, Object>) MiniJson.parse(Files.readString(f));
        return (Map<String, Object>) all.get(name);
    }
}
