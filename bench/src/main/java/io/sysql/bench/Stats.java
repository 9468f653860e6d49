package io.sysql.bench;

import java.util.Arrays;

/** Percentiles of a set of durations. */
final class Stats {
    private final double[] sorted;

    Stats(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    double percentile(double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    double max() {
        return sorted[sorted.length - 1];
    }
}
