package io.sysql.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** README.md's lake examples (the first sql block of a lake section), so the tests run what it shows. */
final class Readme {
    /** The section of the examples that DuckDB and Spark run. */
    static final String LAKE = "## A lake: Spark, DuckDB and Trino";
    /** The section of the examples that Trino runs. */
    static final String TRINO = "### On Trino";

    private Readme() {
    }

    static List<String> lakeExamples(String section) throws IOException {
        return new ArrayList<>(examples(section).values());
    }

    /** The example under the comment that contains {@code title}. */
    static String lakeExample(String section, String title) throws IOException {
        return examples(section).entrySet().stream().filter(e -> e.getKey().contains(title)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new IllegalStateException("README's " + section + " has no example " + title));
    }

    /** Each statement of the block, by the comment above it. */
    private static Map<String, String> examples(String section) throws IOException {
        Path readme = Path.of(System.getProperty("sysql.readme", "../README.md"));
        List<String> lines = Files.readAllLines(readme);
        int at = lines.indexOf(section);
        if (at < 0) {
            throw new IllegalStateException(readme + " has no section " + section);
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
