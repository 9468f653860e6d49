package io.sysql.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The differences from sysdig that SysdigOracleTest lets pass: one line per difference, {@code DIFFERENCE #
 * REASON}, where {@code *} in the difference stands for any text. Lines starting with {@code #} are comments.
 */
final class AllowList {
    private record Line(int number, String text, Pattern pattern) {
    }

    private final List<Line> lines;

    private AllowList(List<Line> lines) {
        this.lines = lines;
    }

    static AllowList read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<String> text = Files.readAllLines(file);
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int hash = line.indexOf(" # ");
            if (hash < 0 || line.substring(hash + 3).isBlank()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": no reason (DIFFERENCE # REASON): " + line);
            }
            String difference = line.substring(0, hash).strip();
            lines.add(new Line(i + 1, difference, Pattern.compile(String.join(".*",
                    List.of(difference.split("\\*", -1)).stream().map(Pattern::quote).toList()))));
        }
        return new AllowList(lines);
    }

    boolean allows(String difference) {
        return lines.stream().anyMatch(l -> l.pattern.matcher(difference).matches());
    }

    /** The lines that match none of the differences. */
    List<String> unused(List<String> differences) {
        return lines.stream().filter(l -> differences.stream().noneMatch(d -> l.pattern.matcher(d).matches()))
                .map(l -> "line " + l.number + ": " + l.text).toList();
    }
}
