package io.sysql.capture.scap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Where the real scap samples live: {@code samples/scap} of the repository, passed by surefire as
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

    @SuppressWarnings("unchecked")
    static Map<String, Object> expected(String name) throws IOException {
        Path f = require("expected.json");
        Map<String, Object> all = (Map<String, Object>) MiniJson.parse(Files.readString(f));
        return (Map<String, Object>) all.get(name);
    }
}
