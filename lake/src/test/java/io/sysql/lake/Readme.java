package io.sysql.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** README.md's lake examples (the first sql block of its lake section), so the tests run what it shows. */
final class Readme {
    private static final String SECTION = "## A lake: Spark and DuckDB";

    private Readme() {
    }

    static List<String> lakeExamples() throws IOException {
        return new ArrayList<>(examples().values());
    }

    /** The example under the comment that contains {@code title}. */
    static String lakeExample(String title) throws IOException {
        return examples().entrySet().stream().filter(e -> e.getKey().contains(title)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new IllegalStateException("README's lake section has no example " + title));
    }

    /** Each statement of the block, by the comment above it. */
    private static Map<String, String> examples() throws IOException {
        Path readme = Path.of(System.getProperty("sysql.readme", "../README.md"));
        List<String> lines = Files.readAllLines(readme);
        int at = lines.indexOf(SECTION);
        if (at < 0) {
            throw new IllegalStateException(readme + " has no section " + SECTION);
        }
        while (!lines.get(at).equals("```sql")) {
            at++;
        }
        Map<String, String> out = new LinkedHashMap<>();
        String title = "";
        StringBuilder sql = new StringBuilder();
        for (at++; !lines.get(at).equals("```"); at++) {
            String line = lines.get(at);
            if (line.startsWith("--")) {
                title = line;
            } else {
                sql.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    out.put(title, sql.toString().strip().replaceAll(";$", ""));
                    title = "";
                    sql.setLength(0);
                }
            }
        }
        return out;
    }
}
