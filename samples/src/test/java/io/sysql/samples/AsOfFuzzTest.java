package io.sysql.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fuzzes the SQL front end's time travel: AS OF and FOR SYSTEM_TIME AS OF points made of numbers (any
 * BIGINT), timestamp literals (well formed or not), EVT(...), arithmetic, NULL, strings and subqueries, on
 * every table, through {@code sysql query}. Each statement ends within seconds with rows or one line saying
 * what is wrong: never a stack trace, never an exit without a message. Bounded tries keep {@code mvn test}
 * short; a longer run: {@code -Djqwik.tries.default=...} (see README).
 */
class AsOfFuzzTest {
    private static Path dir;

    @BeforeContainer
    static void capture() throws IOException {
        dir = Files.createTempDirectory("asof-fuzz").resolve("cap");
        SyntheticCapture.write(dir, 2_000, 4);
    }

    @AfterContainer
    static void removeCapture() throws IOException {
        try (Stream<Path> all = Files.walk(dir.getParent())) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property
    void aTimeTravelQueryAnswersOrSaysWhyInOneLine(@ForAll("statement") String sql) {
        Cli run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run("query", dir.toString(), sql),
                sql);
        String what = sql + "\n" + run;
        assertThat(run.out + run.err).as(what).doesNotContain("\tat ", "Exception");
        if (run.status == 0) {
            assertThat(run.out).as(what).isNotBlank();
        } else {
            assertThat(run.err.strip()).as(what).isNotBlank().doesNotContain("\n");
        }
    }

    @Provide
    Arbitrary<String> statement() {
        Arbitrary<String> table = Arbitraries.of("processes", "threads", "fds", "connections", "ancestors",
                "containers", "events", "fds_history");
        Arbitrary<String> syntax = Arbitraries.of("AS OF ", "FOR SYSTEM_TIME AS OF ");
        return Combinators.combine(table, syntax, point()).as((t, s, p) -> "SELECT count(*) FROM " + t + " " + s + p);
    }

    private Arbitrary<String> point() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.longs().between(-5, 2_100).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789.eE-").ofMinLength(1).ofMaxLength(25));
        Arbitrary<String> timestamp = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 99_999), Arbitraries.integers().between(0, 13),
                        Arbitraries.integers().between(0, 32), Arbitraries.integers().between(0, 25),
                        Arbitraries.strings().withChars("0123456789.:+-Z").ofMaxLength(12))
                        .as((y, m, d, h, rest) -> String.format("%04d-%02d-%02d %02d:%s", y, m, d, h, rest)),
                Arbitraries.strings().withChars("0123456789-:. TZ+x'").ofMaxLength(30))
                .map(text -> "TIMESTAMP '" + text.replace("'", "''") + "'");
        Arbitrary<String> other = Arbitraries.of("NULL", "'x'", "''", "?", "CURRENT_TIMESTAMP", "TRUE",
                "(SELECT 'x')", "(SELECT NULL)", "(SELECT num FROM events WHERE num IN (154, 1999))",
                "(SELECT num FROM events WHERE num < 0)", "(SELECT ts FROM events WHERE num = 10)",
                "(SELECT MIN(num) FROM events WHERE pid = 101)", "(SELECT MAX(num) FROM events)",
                "(SELECT CAST(ts AS TIMESTAMP) FROM events WHERE num = 3)");
        Arbitrary<String> leaf = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, number), net.jqwik.api.Tuple.of(3, timestamp), net.jqwik.api.Tuple.of(3, other));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.map(p -> "EVT(" + p + ")"),
                inner.map(p -> "(" + p + ")"),
                inner.map(p -> "-" + p),
                Combinators.combine(inner, Arbitraries.of("+", "-", "*", "/"), inner).as((a, op, b) -> a + " " + op + " " + b),
                inner.map(p -> "CAST(" + p + " AS BIGINT)"),
                inner.map(p -> "(SELECT " + p + ")")), 0, 3);
    }
}
