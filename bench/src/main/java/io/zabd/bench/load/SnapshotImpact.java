package io.zabd.bench.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Classifies the requests of a measured window by whether a snapshot ran while they were in flight:
 * a request whose span from intended send to completion, {@code [intendedNs, completedNs]}, overlaps a
 * snapshot interval {@code [startNs, endNs]} (both ends included) is <i>during</i> a snapshot, any other
 * is <i>outside</i>. Also cuts the window into buckets by completion time (a bucket is marked when it
 * overlaps a snapshot) for a latency time series. Pure: no I/O, no clock.
 */
final class SnapshotImpact {
    private static final double NS_PER_MS = 1e6;

    private SnapshotImpact() {}

    /** A snapshot on the driver's {@link System#nanoTime()} clock. */
    record Span(long startNs, long endNs) {
        Span {
            if (endNs < startNs) {
                throw new IllegalArgumentException("span ends before it starts: " + startNs + " > " + endNs);
            }
        }
    }

    /** Latency quantiles of a set of requests, in milliseconds (NaN when there are none). */
    record Quantiles(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
        static Quantiles of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Quantiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Quantiles(h.getTotalCount(), h.getValueAtPercentile(50) / NS_PER_MS,
                    h.getValueAtPercentile(99) / NS_PER_MS, h.getValueAtPercentile(99.9) / NS_PER_MS,
                    h.getMaxValue() / NS_PER_MS);
        }
    }

    /** One bucket of the time series: completions in {@code [offsetNs, offsetNs + bucketNs)} of the window. */
    record Bucket(long offsetNs, Quantiles latency, boolean inSnapshot) {}

    /**
     * @param during requests in flight while a snapshot ran
     * @param outside the others
     * @param snapshotsInWindow snapshots overlapping the window
     * @param snapshotDurationsMs their durations (whole, also the part outside the window), in start order
     * @param snapshotShare the fraction of the window covered by at least one snapshot
     */
    record Result(Quantiles during, Quantiles outside, List<Bucket> buckets, int snapshotsInWindow,
            List<Double> snapshotDurationsMs, double snapshotShare) {
        /** p99 during snapshots over p99 outside; NaN when either set is empty. */
        double p99Ratio() {
            return during.p99Ms() / outside.p99Ms();
        }

        /** Median snapshot duration in ms (NaN without snapshots). */
        double medianSnapshotMs() {
            if (snapshotDurationsMs.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = snapshotDurationsMs.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double maxSnapshotMs() {
            return snapshotDurationsMs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        double minSnapshotMs() {
            return snapshotDurationsMs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }
    }

    /**
     * Classifies the samples of {@code log} (whose window must have ended) against {@code snapshots}.
     *
     * @param bucketNs the time series' bucket length, > 0
     */
    static Result classify(SampleLog log, List<Span> snapshots, long bucketNs) {
        if (bucketNs <= 0) {
            throw new IllegalArgumentException("bucket must be > 0 ns: " + bucketNs);
        }
        long windowStart = log.windowStartNs();
        long windowEnd = log.windowEndNs();
        if (windowStart < 0 || windowEnd < windowStart) {
            throw new IllegalStateException("the sample log's window has not begun and ended");
        }
        List<Span> merged = merge(snapshots);
        Histogram during = new Histogram(LatencyRecorder.SIGNIFICANT_DIGITS);
        Histogram outside = new Histogram(LatencyRecorder.SIGNIFICANT_DIGITS);
        int bucketCount = (int) Math.max(1, (windowEnd - windowStart + bucketNs - 1) / bucketNs);
        Histogram[] buckets = new Histogram[bucketCount];
        for (int b = 0; b < bucketCount; b++) {
            buckets[b] = new Histogram(LatencyRecorder.SIGNIFICANT_DIGITS);
        }
        long n = log.size();
        for (long i = 0; i < n; i++) {
            long intended = log.intendedNs(i);
            long completed = log.completedNs(i);
            long latency = Math.max(0, completed - intended);
            (overlaps(merged, intended, completed) ? during : outside).recordValue(latency);
            int b = (int) Math.min(bucketCount - 1, Math.max(0, (completed - windowStart) / bucketNs));
            buckets[b].recordValue(latency);
        }
        List<Bucket> series = new ArrayList<>();
        for (int b = 0; b < bucketCount; b++) {
            long from = windowStart + b * bucketNs;
            series.add(new Bucket(b * bucketNs, Quantiles.of(buckets[b]),
                    overlaps(merged, from, Math.min(windowEnd, from + bucketNs) - 1)));
        }
        List<Double> durations = new ArrayList<>();
        for (Span s : sorted(snapshots)) {
            if (s.endNs() >= windowStart && s.startNs() <= windowEnd) {
                durations.add((s.endNs() - s.startNs()) / NS_PER_MS);
            }
        }
        long covered = 0;
        for (Span s : merged) {
            covered += Math.max(0, Math.min(s.endNs(), windowEnd) - Math.max(s.startNs(), windowStart));
        }
        double share = windowEnd == windowStart ? 0 : (double) covered / (windowEnd - windowStart);
        return new Result(Quantiles.of(during), Quantiles.of(outside), series, durations.size(), durations, share);
    }

    private static List<Span> sorted(List<Span> spans) {
        List<Span> out = new ArrayList<>(spans);
        out.sort(Comparator.comparingLong(Span::startNs));
        return out;
    }

    /** Sorted, disjoint spans covering the same instants. */
    static List<Span> merge(List<Span> spans) {
        List<Span> out = new ArrayList<>();
        for (Span s : sorted(spans)) {
            Span last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && s.startNs() <= last.endNs()) {
                out.set(out.size() - 1, new Span(last.startNs(), Math.max(last.endNs(), s.endNs())));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether {@code [from, to]} overlaps one of the sorted, disjoint {@code merged} spans. */
    static boolean overlaps(List<Span> merged, long from, long to) {
        int lo = 0;
        int hi = merged.size() - 1;
        int last = -1; // the last span starting at or before 'to'
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (merged.get(mid).startNs() <= to) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return last >= 0 && merged.get(last).endNs() >= from;
    }

    /** The time series as CSV: one line per bucket. */
    static String timeSeriesCsv(Result result) {
        StringBuilder out = new StringBuilder("offset_s,requests,p50_ms,p99_ms,max_ms,in_snapshot\n");
        for (Bucket b : result.buckets()) {
            Quantiles q = b.latency();
            out.append(String.format(Locale.ROOT, "%.3f,%d,%.3f,%.3f,%.3f,%d%n", b.offsetNs() / 1e9, q.count(),
                    q.p50Ms(), q.p99Ms(), q.maxMs(), b.inSnapshot() ? 1 : 0));
        }
        return out.toString();
    }
}
