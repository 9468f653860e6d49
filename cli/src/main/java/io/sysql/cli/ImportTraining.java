package io.sysql.cli;

import io.sysql.capture.scap.SyntheticScap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The launcher's training run for {@code import}'s AOT cache (JDK 25 and later, run once per build under
 * {@code -XX:AOTCacheOutput}): an import of a synthetic capture, long enough for the JIT to profile and
 * compile the reader and writer. A later import then starts with those classes linked and those profiles
 * known, instead of spending its first seconds interpreting while C2 catches up (BENCHMARKS.md, issue 7).
 */
final class ImportTraining {
    /** ~1 M scap events, ~75 MB: a few seconds, past the point where the import's hot code is compiled. */
    private static final int ROUNDS = 120_000;

    private ImportTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("sysql-import-training");
        int status;
        try {
            Path capture = work.resolve("synthetic.scap");
            SyntheticScap.write(capture, ROUNDS);
            status = Main.run("import", capture.toString(), "-o", work.resolve("imported").toString());
        } finally {
            DirectoryTree.delete(work);
        }
        System.exit(status);
    }
}
