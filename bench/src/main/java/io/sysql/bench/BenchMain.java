package io.sysql.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code sysql bench}'s JVM: {@code [--events N] [--format table|json] [--seed S] [--runs R] [--warmup W] [--dir D]
 * [--only ingest|open|asof|perrow|scans]} (the capture is always built: ingest is measured first).
 * The capture is built in {@code D} (a fresh temporary directory by default) and deleted afterwards
 * unless {@code --dir} was given.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        long events = 10_000_000;
        long seed = 42;
        int runs = 3;
        int warmup = 20;
        String format = "table";
        Path dir = null;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--format" -> format = args[++i];
                case "--dir" -> dir = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean temporary = dir == null;
        Path work = temporary ? Files.createTempDirectory("sysql-bench") : dir;
        try {
            List<Figure> figures = new Bench(events, seed, runs, warmup, work, System.err).run(only);
            String header = String.format("sysql bench: %,d events, seed %d, %d cores, max heap %d MB",
                    events, seed, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            System.out.print("json".equals(format) ? Report.json(header, figures) : Report.table(header, figures));
        } finally {
            if (temporary) {
                Bench.deleteTree(work);
            }
        }
    }
}
