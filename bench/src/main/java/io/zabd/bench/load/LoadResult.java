package io.zabd.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/**
 * The figures of one load run's measured window.
 *
 * @param system the system's name ({@code zookeeper}, {@code zabd}, or {@code external})
 * @param topology {@code standalone}, {@code ensemble3}, or {@code external}
 * @param config what was run
 * @param windowNs length of the measured window
 * @param latencyNs latencies (ns) of the successful requests completed in the window, from their intended
 *     send time
 * @param windowErrors errors completed in the window
 * @param totalErrors errors over the whole run (warm-up, window, drain, requests never completed)
 * @param backlog open loop: requests due before the window's end but not sent by then (0 in the closed
 *     loop); a non-zero backlog means the system did not keep up with the rate
 * @param serverCpuNsByProcess CPU time (user + system) of each server process over the window; empty if
 *     unknown
 * @param clientCpuNs CPU time of the driver's own process over the window; -1 if unknown
 */
public record LoadResult(
        String system,
        String topology,
        LoadConfig config,
        long windowNs,
        Histogram latencyNs,
        long windowErrors,
        long totalErrors,
        long backlog,
        List<Long> serverCpuNsByProcess,
        long clientCpuNs) {

    public LoadResult {
        serverCpuNsByProcess = List.copyOf(serverCpuNsByProcess);
    }

    /** CPU time of all server processes over the window; -1 if unknown. */
    public long serverCpuNs() {
        if (serverCpuNsByProcess.isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (long ns : serverCpuNsByProcess) {
            sum += ns;
        }
        return sum;
    }

    /** Successful requests completed in the window. */
    public long ops() {
        return latencyNs.getTotalCount();
    }

    public double opsPerSec() {
        return ops() * 1e9 / windowNs;
    }

    /** A latency quantile in microseconds ({@code percentile} in [0, 100]). */
    public double latencyUs(double percentile) {
        return ops() == 0 ? Double.NaN : latencyNs.getValueAtPercentile(percentile) / 1e3;
    }

    public double maxLatencyUs() {
        return ops() == 0 ? Double.NaN : latencyNs.getMaxValue() / 1e3;
    }

    /** Server CPU microseconds per successful request; NaN if unknown or no requests. */
    public double serverCpuUsPerOp() {
        long serverCpuNs = serverCpuNs();
        return serverCpuNs < 0 || ops() == 0 ? Double.NaN : serverCpuNs / 1e3 / ops();
    }

    public double clientCpuUsPerOp() {
        return clientCpuNs < 0 || ops() == 0 ? Double.NaN : clientCpuNs / 1e3 / ops();
    }

    /** One line for logs and the {@code run} command. */
    public String summary() {
        return String.format(Locale.ROOT,
                "%s %s %s %s: %.0f ops/s (%d ops in %.1f s), latency us p50 %.0f p99 %.0f p999 %.0f max %.0f,"
                        + " errors %d (window %d), backlog %d, server CPU %.1f us/op%s, client CPU %.1f us/op",
                system, topology, config.workload().cliName(), config.loopLabel(), opsPerSec(), ops(), windowNs / 1e9,
                latencyUs(50), latencyUs(99), latencyUs(99.9), maxLatencyUs(), totalErrors, windowErrors, backlog,
                serverCpuUsPerOp(), perProcess(), clientCpuUsPerOp());
    }

    /** {@code " (per process a/b/c)"} for more than one server process. */
    private String perProcess() {
        if (serverCpuNsByProcess.size() < 2 || ops() == 0) {
            return "";
        }
        StringJoiner each = new StringJoiner("/", " (per process ", ")");
        for (long ns : serverCpuNsByProcess) {
            each.add(String.format(Locale.ROOT, "%.1f", ns / 1e3 / ops()));
        }
        return each.toString();
    }
}
