package io.sysql.capture.scap;

import io.sysql.capture.source.ReadProgress;
import io.sysql.capture.event.SourceCounters;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * The scap reader alone, for {@code bench/import-bench.sh}: reads FILE RUNS times in one JVM, counting the
 * delivered events and dropping them, and prints events/s of each run (the first one is cold, as in a fresh
 * {@code sysql import}): by the wall clock, and by the reading thread's CPU time, which other processes on a
 * shared machine disturb less.
 */
public final class ScapReaderBench {
    private ScapReaderBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int run = 1; run <= runs; run++) {
            long[] delivered = new long[1];
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            ScapReader.read(file, e -> delivered[0]++, new SourceCounters(), ReadProgress.NONE);
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("reader run %d: %,d events in %.2f s (%.2f s CPU): %,.0f events/s, %,.0f per CPU s%n",
                    run, delivered[0], seconds, cpu, delivered[0] / seconds, delivered[0] / cpu);
        }
    }
}
