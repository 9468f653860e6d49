package io.sysql.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shipped lake SQL files ({@code lake/sql/ENGINE.sql}) as statements a JDBC driver or Spark runs one by one. */
public final class LakeSql {
    private LakeSql() {
    }

    /** The file's statements, without their comment lines and final {@code ;} (each ends a line). */
    public static List<String> statements(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                out.add(current.toString().strip().replaceAll(";$", ""));
                current.setLength(0);
            }
        }
        return out;
    }
}
