package io.sysql.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium (apt-get install chromium), run as root on a machine without network: every
 * flag that stops it reaching out, a fresh profile each run, and names resolving to nothing so that a page
 * which tried to load anything from elsewhere would show it.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** The page's DOM after it loaded, as Chromium serialises it. */
    static String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, List.of("--dump-dom"));
    }

    static void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(page, List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png));
    }

    private static String run(Path page, List<String> what) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: apt-get install chromium chromium-driver (.ci/run does)");
        }
        Path profile = Files.createTempDirectory("sysql-chromium");
        Path err = Files.createTempFile("sysql-chromium", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                    "--host-resolver-rules=MAP * ~NOTFOUND"));
            command.addAll(what);
            command.add(page.toUri().toString());
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("chromium failed on " + page + ":\n" + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
