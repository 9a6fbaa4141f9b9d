package io.zabd.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link CompareReport} as two tables, aligned text or Markdown: the comparison (per workload
 * and topology: median ops/s, median p99 and median server CPU per operation of each system, and the
 * zabd/ZooKeeper ratios) and the details of each system (all quantiles, client CPU, errors, the ops/s of
 * every round). "n/a" marks a system that did not start, "failed" one whose every run failed.
 */
public final class CompareTable {
    private final CompareRunner.Plan plan;
    private final CompareReport report;

    public CompareTable(CompareRunner.Plan plan, CompareReport report) {
        this.plan = plan;
        this.report = report;
    }

    public String render(boolean markdown) {
        StringBuilder out = new StringBuilder();
        out.append(renderRows(comparisonRows(), markdown)).append('\n');
        out.append(renderRows(detailRows(), markdown));
        Map<CompareReport.Target, String> unavailable = report.unavailable();
        if (!unavailable.isEmpty() || !report.failures().isEmpty()) {
            out.append('\n');
        }
        for (Map.Entry<CompareReport.Target, String> e : unavailable.entrySet()) {
            out.append(markdown ? "- " : "").append(e.getKey()).append(": not available (")
                    .append(firstLine(e.getValue())).append(")\n");
        }
        for (String failure : report.failures()) {
            out.append(markdown ? "- " : "").append("failed: ").append(failure).append('\n');
        }
        return out.toString();
    }

    private boolean hasRatios() {
        return plan.systems().contains(Systems.ZABD) && plan.systems().contains(Systems.ZOOKEEPER);
    }

    List<String[]> comparisonRows() {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("workload", "topology"));
        for (String s : plan.systems()) {
            header.add(s + " ops/s");
            header.add(s + " p99 ms");
            header.add(s + " CPU us/op");
        }
        if (hasRatios()) {
            header.addAll(List.of("ops/s zabd/zk", "p99 zabd/zk", "CPU zabd/zk"));
        }
        header.add("errors");
        rows.add(header.toArray(new String[0]));
        for (WorkloadKind workload : plan.workloads()) {
            for (Topology topology : plan.topologies()) {
                rows.add(comparisonRow(workload, topology));
            }
        }
        return rows;
    }

    private String[] comparisonRow(WorkloadKind workload, Topology topology) {
        List<String> row = new ArrayList<>(List.of(workload.cliName(), topology.cliName()));
        long errors = 0;
        for (String s : plan.systems()) {
            CompareReport.Target target = new CompareReport.Target(s, topology);
            CompareReport.Summary sum = report.summary(target, workload);
            if (sum == null) {
                String missing = report.isUnavailable(target) ? "n/a" : "failed";
                row.addAll(List.of(missing, missing, missing));
                continue;
            }
            errors += sum.totalErrors();
            row.add(fmt("%.0f", sum.opsPerSec()));
            row.add(fmt("%.2f", sum.p99Us() / 1e3));
            row.add(fmt("%.1f", sum.serverCpuUsPerOp()));
        }
        if (hasRatios()) {
            CompareReport.Summary zabd = report.summary(new CompareReport.Target(Systems.ZABD, topology), workload);
            CompareReport.Summary zk = report.summary(new CompareReport.Target(Systems.ZOOKEEPER, topology), workload);
            row.add(ratio(zabd == null ? Double.NaN : zabd.opsPerSec(), zk == null ? Double.NaN : zk.opsPerSec()));
            row.add(ratio(zabd == null ? Double.NaN : zabd.p99Us(), zk == null ? Double.NaN : zk.p99Us()));
            row.add(ratio(zabd == null ? Double.NaN : zabd.serverCpuUsPerOp(),
                    zk == null ? Double.NaN : zk.serverCpuUsPerOp()));
        }
        row.add(Long.toString(errors));
        return row.toArray(new String[0]);
    }

    List<String[]> detailRows() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"system", "topology", "workload", "rounds", "ops/s", "p50 ms", "p99 ms", "p999 ms",
            "max ms", "server CPU us/op", "client CPU us/op", "errors", "ops/s by round"});
        for (Topology topology : plan.topologies()) {
            for (String s : plan.systems()) {
                CompareReport.Target target = new CompareReport.Target(s, topology);
                for (WorkloadKind workload : plan.workloads()) {
                    CompareReport.Summary sum = report.summary(target, workload);
                    if (sum == null) {
                        continue;
                    }
                    StringBuilder byRound = new StringBuilder();
                    for (double ops : sum.opsPerSecByRound()) {
                        byRound.append(byRound.length() == 0 ? "" : " ").append(fmt("%.0f", ops));
                    }
                    rows.add(new String[] {s, topology.cliName(), workload.cliName(), Integer.toString(sum.rounds()),
                        fmt("%.0f", sum.opsPerSec()), fmt("%.2f", sum.p50Us() / 1e3), fmt("%.2f", sum.p99Us() / 1e3),
                        fmt("%.2f", sum.p999Us() / 1e3), fmt("%.2f", sum.maxUs() / 1e3),
                        fmt("%.1f", sum.serverCpuUsPerOp()), fmt("%.1f", sum.clientCpuUsPerOp()),
                        Long.toString(sum.totalErrors()), byRound.toString()});
                }
            }
        }
        return rows;
    }

    static String renderRows(List<String[]> rows, boolean markdown) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int c = 0; c < columns; c++) {
                if (markdown) {
                    out.append(c == 0 ? "| " : " | ").append(row[c]);
                } else {
                    out.append(c == 0 ? "" : "  ").append(pad(row[c], width[c], c > 1));
                }
            }
            out.append(markdown ? " |\n" : "\n");
            if (markdown && r == 0) {
                for (int c = 0; c < columns; c++) {
                    out.append(c == 0 ? "|" : "").append(c < 2 ? "---|" : "---:|");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }

    private static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return "n/a";
        }
        return fmt("%.2f", a / b);
    }

    private static String fmt(String format, double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    /** The first line of a start error and, if it quotes a log, the log's last line (usually the cause). */
    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        if (nl < 0) {
            return s;
        }
        String last = s.substring(s.lastIndexOf('\n') + 1).trim();
        return s.substring(0, nl) + " ... " + last;
    }
}
