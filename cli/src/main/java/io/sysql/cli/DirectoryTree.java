package io.sysql.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removes a directory the CLI made for its own use (the demo's, a live query's, the start-up training's). */
final class DirectoryTree {
    private DirectoryTree() {
    }

    /** Deletes {@code dir} and everything under it, deepest first; throws what stopped it. */
    static void delete(Path dir) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
