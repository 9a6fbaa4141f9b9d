package io.zabd.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the outcome of {@code snapshot-impact}: one row per system (prefill time, snapshots in the
 * window, write latency during and outside snapshots, their p99 ratio and the verdict against the
 * limit, ops/s, errors), aligned text or Markdown, then a line per system with the details.
 */
final class SnapshotImpactTable {
    static final List<String> HEADER = List.of("system", "round", "prefill s", "snapshots", "snapshot ms min/med/max",
            "in snapshot", "ops/s", "during: n", "during p50/p99/p999 ms", "outside: n", "outside p50/p99/p999 ms",
            "p99 during/outside", "verdict", "errors");

    private SnapshotImpactTable() {}

    static String render(List<SnapshotImpactCommand.SystemOutcome> outcomes, double maxRatio, boolean markdown) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        StringBuilder notes = new StringBuilder();
        for (SnapshotImpactCommand.SystemOutcome o : outcomes) {
            if (o.failure() != null) {
                List<String> row = new ArrayList<>(List.of(o.system(), Integer.toString(o.round())));
                while (row.size() < HEADER.size() - 2) {
                    row.add("n/a");
                }
                row.add("failed");
                row.add("n/a");
                rows.add(row);
                notes.append(markdown ? "- " : "").append(o.system()).append(": ").append(o.failure()).append('\n');
                continue;
            }
            rows.add(row(o, maxRatio));
            LoadResult r = o.load();
            notes.append(markdown ? "- " : "").append(String.format(Locale.ROOT,
                    "%s round %d: prefill %d nodes in %d multi, %.1f s (%.0f nodes/s); %d snapshots logged in the whole run,"
                            + " %d skipped as too busy; setData %d B at %d/s over %d sessions, backlog %d, server CPU"
                            + " %.1f us/op, client CPU %.1f us/op; time series %s%n",
                    o.system(), o.round(), o.prefillNodes(), o.prefillMultis(), o.prefillMs() / 1e3,
                    o.prefillMs() == 0 ? Double.NaN : o.prefillNodes() * 1e3 / o.prefillMs(), o.snapshotsInRun(),
                    o.snapshotsSkipped(), r.config().effectivePayloadBytes(), r.config().rateOpsPerSec(),
                    r.config().sessions(), r.backlog(), r.serverCpuUsPerOp(), r.clientCpuUsPerOp(), o.timeSeries()));
        }
        notes.append(byRound(outcomes, maxRatio, markdown));
        return CompareTable.renderRows(rows.stream().map(l -> l.toArray(new String[0])).toList(), markdown) + (notes.length() > 0 ? "\n" + notes : "");
    }

    /** Per system: the p99 ratio of every round, their median, and in how many rounds it was within the limit. */
    static String byRound(List<SnapshotImpactCommand.SystemOutcome> outcomes, double maxRatio, boolean markdown) {
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (SnapshotImpactCommand.SystemOutcome o : outcomes) {
            List<Double> list = ratios.computeIfAbsent(o.system(), k -> new ArrayList<>());
            if (o.failure() == null) {
                list.add(o.impact().p99Ratio());
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
            List<Double> sorted = e.getValue().stream().filter(d -> !Double.isNaN(d)).sorted().toList();
            double median = sorted.isEmpty() ? Double.NaN : sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            long within = sorted.stream().filter(d -> d <= maxRatio).count();
            StringBuilder each = new StringBuilder();
            for (double d : e.getValue()) {
                each.append(each.length() == 0 ? "" : " ").append(fmt("%.2f", d));
            }
            out.append(markdown ? "- " : "").append(fmt("%s: p99 during/outside by round %s; median %.2f; within %s in"
                    + " %d of %d rounds%n", e.getKey(), each, median, fmt("%sx", maxRatio), within, e.getValue().size()));
        }
        return out.toString();
    }

    static List<String> row(SnapshotImpactCommand.SystemOutcome o, double maxRatio) {
        SnapshotImpact.Result i = o.impact();
        LoadResult r = o.load();
        double ratio = i.p99Ratio();
        return List.of(o.system(), Integer.toString(o.round()), fmt("%.1f", o.prefillMs() / 1e3), Integer.toString(i.snapshotsInWindow()),
                fmt("%.0f/%.0f/%.0f", i.minSnapshotMs(), i.medianSnapshotMs(), i.maxSnapshotMs()),
                fmt("%.0f%%", 100 * i.snapshotShare()), fmt("%.0f", r.opsPerSec()),
                Long.toString(i.during().count()), quantiles(i.during()), Long.toString(i.outside().count()),
                quantiles(i.outside()), fmt("%.2f", ratio), verdict(i, ratio, maxRatio, r.totalErrors()),
                Long.toString(r.totalErrors()));
    }

    /** {@code within 2x}, {@code ABOVE 2x}, or why there is no verdict. */
    static String verdict(SnapshotImpact.Result i, double ratio, double maxRatio, long errors) {
        if (errors > 0) {
            return "errors";
        }
        if (i.snapshotsInWindow() == 0 || i.during().count() == 0) {
            return "no snapshot";
        }
        if (Double.isNaN(ratio)) {
            return "n/a";
        }
        String limit = fmt("%sx", maxRatio == Math.rint(maxRatio) ? fmt("%.0f", maxRatio) : Double.toString(maxRatio));
        return ratio <= maxRatio ? "within " + limit : "ABOVE " + limit;
    }

    private static String quantiles(SnapshotImpact.Quantiles q) {
        return fmt("%.2f/%.2f/%.2f", q.p50Ms(), q.p99Ms(), q.p999Ms());
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
