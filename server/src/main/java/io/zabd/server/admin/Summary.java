package io.zabd.server.admin;

import java.util.Map;

/**
 * One of ZooKeeper's summary metrics as mntr prints it: {@code avg_X, min_X, max_X, cnt_X, sum_X} and,
 * for the summaries with quantiles, {@code p50_X, p95_X, p99_X, p999_X}.
 */
public record Summary(long count, long sum, long min, long max, long p50, long p95, long p99, long p999) {
    public static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0, 0, 0);

    /** The average as ZooKeeper prints it (a double, 0.0 without samples). */
    public double average() {
        return count == 0 ? 0.0 : FourLetterFormat.round4((double) sum / count);
    }

    /** Puts this summary's keys for metric {@code name} into an mntr values map. */
    public void putInto(Map<String, Number> values, String name, boolean withQuantiles) {
        values.put("avg_" + name, average());
        values.put("min_" + name, min);
        values.put("max_" + name, max);
        values.put("cnt_" + name, count);
        values.put("sum_" + name, sum);
        if (withQuantiles) {
            values.put("p50_" + name, p50);
            values.put("p95_" + name, p95);
            values.put("p99_" + name, p99);
            values.put("p999_" + name, p999);
        }
    }
}
