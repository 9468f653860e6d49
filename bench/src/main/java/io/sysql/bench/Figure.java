package io.sysql.bench;

/**
 * One measured figure beside its baseline from the same run. {@code ratio} is how many times better
 * sysql did than the baseline (above 1: sysql is faster or smaller), whatever the unit.
 */
record Figure(String name, double value, String unit, String baselineName, double baseline, double ratio,
        String target, boolean met) {

    static Figure rate(String name, double value, String unit, String baselineName, double baseline,
            String target, boolean met) {
        return new Figure(name, value, unit, baselineName, baseline, baseline == 0 ? Double.NaN : value / baseline,
                target, met);
    }

    static Figure time(String name, double value, String unit, String baselineName, double baseline,
            String target, boolean met) {
        return new Figure(name, value, unit, baselineName, baseline, value == 0 ? Double.NaN : baseline / value,
                target, met);
    }
}
