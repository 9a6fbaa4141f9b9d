package io.zabd.bench.load;

import picocli.CommandLine.Option;

/** The load settings shared by {@code run} and {@code compare}; defaults are issue 5's acceptance settings. */
final class LoadOptions {
    @Option(names = "--sessions", defaultValue = "16", description = "client sessions (default ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--outstanding", defaultValue = "32",
            description = "closed loop: requests in flight per session (default ${DEFAULT-VALUE})")
    int outstanding;

    @Option(names = "--rate", defaultValue = "0",
            description = "fixed total rate in ops/s (open loop, latency from the intended send time); 0 = closed loop")
    long rate;

    @Option(names = "--open-loop-max-outstanding", defaultValue = "100000",
            description = "open loop: bound on requests in flight (default ${DEFAULT-VALUE})")
    int openLoopOutstandingMax;

    @Option(names = "--warmup", defaultValue = "10s", description = "warm-up before the window (default ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--measure", defaultValue = "20s", description = "measured window (default ${DEFAULT-VALUE})")
    String measure;

    @Option(names = "--nodes", defaultValue = "1000",
            description = "size of the pre-created node set of setData/getData/mixed (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--payload-bytes", defaultValue = "-1",
            description = "data size per create/setData; -1 = 100 for create, 1024 for the others")
    int payloadBytes;

    @Option(names = "--sequential", description = "create: PERSISTENT_SEQUENTIAL under one parent (default: unique paths)")
    boolean sequential;

    @Option(names = "--read-share", defaultValue = "0.9", description = "mixed: share of getData (default ${DEFAULT-VALUE})")
    double readShare;

    @Option(names = "--session-timeout-ms", defaultValue = "30000", description = "client session timeout")
    int sessionTimeoutMs;

    @Option(names = "--drain-timeout", defaultValue = "30s",
            description = "wait for requests in flight after the window; the rest count as errors")
    String drainTimeout;

    @Option(names = "--connect-timeout", defaultValue = "30s", description = "wait for all sessions to connect")
    String connectTimeout;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the node choice")
    long seed;

    LoadConfig toConfig(WorkloadKind workload) {
        return new LoadConfig(workload, sessions, outstanding, rate, openLoopOutstandingMax,
                Durations.parseNanos(warmup), Durations.parseNanos(measure), nodes, payloadBytes, sequential, readShare,
                sessionTimeoutMs, Durations.parseNanos(drainTimeout));
    }

    long connectTimeoutMs() {
        return Durations.parseNanos(connectTimeout) / 1_000_000L;
    }
}
