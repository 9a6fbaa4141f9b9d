package io.zabd.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** What a comparison measured: every run's result, the systems that would not start, and failed runs. */
public final class CompareReport {

    /** A system in a topology. */
    public record Target(String system, Topology topology) {
        @Override
        public String toString() {
            return system + " " + topology.cliName();
        }
    }

    private record Cell(Target target, WorkloadKind workload) {}

    /**
     * The medians over the rounds of one system, topology and workload.
     *
     * @param totalErrors errors summed over all rounds (whole runs, not only the windows)
     */
    public record Summary(int rounds, double opsPerSec, double p50Us, double p99Us, double p999Us, double maxUs,
            double serverCpuUsPerOp, double clientCpuUsPerOp, long totalErrors, List<Double> opsPerSecByRound) {}

    private final Map<Cell, List<LoadResult>> results = new LinkedHashMap<>();
    private final Map<Target, String> unavailable = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    synchronized void add(Target target, LoadResult result) {
        results.computeIfAbsent(new Cell(target, result.config().workload()), c -> new ArrayList<>()).add(result);
    }

    synchronized void markUnavailable(Target target, String reason) {
        unavailable.putIfAbsent(target, reason);
    }

    synchronized void addFailure(Target target, WorkloadKind workload, int round, String reason) {
        failures.add(target + " " + workload.cliName() + " round " + round + ": " + reason);
    }

    public synchronized boolean isUnavailable(Target target) {
        return unavailable.containsKey(target);
    }

    /** Why each unavailable system did not start. */
    public synchronized Map<Target, String> unavailable() {
        return new LinkedHashMap<>(unavailable);
    }

    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** No run failed and no run had an error (a system that did not start is not an error). */
    public synchronized boolean clean() {
        return failures.isEmpty()
                && results.values().stream().flatMap(List::stream).allMatch(r -> r.totalErrors() == 0);
    }

    public synchronized List<LoadResult> results(Target target, WorkloadKind workload) {
        return List.copyOf(results.getOrDefault(new Cell(target, workload), List.of()));
    }

    /** Medians over the rounds, or null when there is no result. */
    public Summary summary(Target target, WorkloadKind workload) {
        List<LoadResult> runs = results(target, workload);
        if (runs.isEmpty()) {
            return null;
        }
        long errors = 0;
        List<Double> ops = new ArrayList<>();
        for (LoadResult r : runs) {
            errors += r.totalErrors();
            ops.add(r.opsPerSec());
        }
        return new Summary(runs.size(), median(runs, LoadResult::opsPerSec), median(runs, r -> r.latencyUs(50)),
                median(runs, r -> r.latencyUs(99)), median(runs, r -> r.latencyUs(99.9)),
                median(runs, LoadResult::maxLatencyUs), median(runs, LoadResult::serverCpuUsPerOp),
                median(runs, LoadResult::clientCpuUsPerOp), errors, ops);
    }

    static double median(List<LoadResult> runs, ToDoubleFunction<LoadResult> metric) {
        double[] values = runs.stream().mapToDouble(metric).toArray();
        Arrays.sort(values);
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
