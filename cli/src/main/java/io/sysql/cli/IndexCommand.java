package io.sysql.cli;

import io.sysql.storage.Capture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Bring a capture's history index up to date, or rebuild it from the journal.",
                "The index is derived data; a missing or stale one is also rebuilt automatically on open."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the index covers the whole capture",
                "3:the capture's journal is damaged: the index covers the events before the damage only"})
final class IndexCommand implements Callable<Integer> {
    static final int EXIT_DAMAGED = 3;

    @Parameters(index = "0", paramLabel = "DIR", description = "The capture directory.")
    Path dir;

    @Option(names = "--rebuild", description = "Throw the index away and replay the whole journal.")
    boolean rebuild;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        try (Capture c = Capture.open(dir)) {
            if (rebuild) {
                c.rebuildIndex();
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            System.err.printf("sysql: index of %s covers %,d events (%s in %d ms)%n", dir, c.lastNum(),
                    rebuild ? "rebuilt" : "checked", ms);
            if (c.damage() != null) {
                System.err.println(Connections.damageWarning(c.damage(), "the index covers those only"));
                return EXIT_DAMAGED;
            }
        }
        return 0;
    }
}
