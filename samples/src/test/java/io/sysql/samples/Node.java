package io.sysql.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Consumers nobody here wrote, from the npm registry, run under the machine's node: the tests install the
 * exact versions they name into target/node themselves (once per build directory), so a fresh clone
 * needs only node and npm.
 */
final class Node {
    private static final Path PREFIX = Path.of(System.getProperty("sysql.samples.node", "target/node"));
    private static final Path SCRIPTS = Path.of(System.getProperty("sysql.samples.scripts", "src/test/node"));

    private Node() {
    }

    /** Installs {@code name@version} unless that version is there already. */
    static synchronized void install(String name, String version) throws IOException, InterruptedException {
        Path manifest = PREFIX.resolve("node_modules").resolve(name).resolve("package.json");
        if (Files.exists(manifest) && Files.readString(manifest).contains("\"version\": \"" + version + "\"")) {
            return;
        }
        run(List.of("npm", "install", "--prefix", PREFIX.toString(), "--no-audit", "--no-fund", "--no-save",
                "--no-package-lock", name + "@" + version));
    }

    /** Runs one of src/test/node's scripts with the installed packages and returns what it printed. */
    static String script(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", SCRIPTS.resolve(name).toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("sysql-node", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
            pb.environment().put("NODE_PATH", PREFIX.resolve("node_modules").toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed:\n" + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
