package io.zabd.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code LoadDriver snapshot-impact}: how much the snapshots of a large tree hurt write latency. For each
 * system in turn (fresh, standalone, the same zoo.cfg with {@code snapCount}): prefill {@code --nodes}
 * nodes with multi creates, run setData at a fixed rate over all of them (open loop, latency from the
 * intended send time) through several snapshots, read when each snapshot ran from the server's log, and
 * compare the latency of the writes in flight during a snapshot with that of the others. See
 * bench/README.md, section "Snapshot impact".
 */
@Command(name = "snapshot-impact", mixinStandardHelpOptions = true,
        description = "setData at a fixed rate over a large prefilled tree through snapshots: write latency during"
                + " snapshots vs outside them, per system.")
final class SnapshotImpactCommand implements Callable<Integer> {
    /** How often the server log is read again while the last snapshot is still being written. */
    static final long LOG_POLL_MS = 200;
    static final int ROUNDS_MAX = 100;
    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final LoadDriver.Environment env;

    @Mixin
    ServerOptions server;

    @Option(names = "--systems", split = ",", defaultValue = "zookeeper,zabd",
            description = "systems, run one after the other (default ${DEFAULT-VALUE})")
    List<String> systems;

    @Option(names = "--rounds", defaultValue = "1",
            description = "rounds; each runs every system once, in order, on a fresh server (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--nodes", defaultValue = "1000000", description = "nodes prefilled and written (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--payload-bytes", defaultValue = "100",
            description = "data per node, prefill and setData (default ${DEFAULT-VALUE})")
    int payloadBytes;

    @Option(names = "--prefill-batch", defaultValue = "1000", description = "creates per multi (default ${DEFAULT-VALUE})")
    int prefillBatch;

    @Option(names = "--prefill-in-flight", defaultValue = "4",
            description = "multi requests in flight during the prefill (default ${DEFAULT-VALUE})")
    int prefillInFlight;

    @Option(names = "--snap-count", defaultValue = "50000",
            description = "zoo.cfg snapCount of both systems; each snapshots after a random number of txns in"
                    + " (snapCount/2, snapCount] (default ${DEFAULT-VALUE})")
    long snapCount;

    @Option(names = "--rate", defaultValue = "5000", description = "setData ops/s, fixed (default ${DEFAULT-VALUE})")
    long rate;

    @Option(names = "--sessions", defaultValue = "16", description = "client sessions (default ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--open-loop-max-outstanding", defaultValue = "100000",
            description = "bound on requests in flight (default ${DEFAULT-VALUE})")
    int openLoopOutstandingMax;

    @Option(names = "--warmup", defaultValue = "20s",
            description = "load before the window; should hold the first snapshot after the prefill (default ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--measure", defaultValue = "60s", description = "measured window (default ${DEFAULT-VALUE})")
    String measure;

    @Option(names = "--bucket", defaultValue = "100ms", description = "time series bucket (default ${DEFAULT-VALUE})")
    String bucket;

    @Option(names = "--max-ratio", defaultValue = "2.0",
            description = "verdict: p99 during snapshots / p99 outside must be at most this (default ${DEFAULT-VALUE})")
    double maxRatio;

    @Option(names = "--snapshot-wait", defaultValue = "60s",
            description = "after the window, wait this long for a snapshot still running to be logged as done")
    String snapshotWait;

    @Option(names = "--session-timeout-ms", defaultValue = "30000", description = "client session timeout")
    int sessionTimeoutMs;

    @Option(names = "--drain-timeout", defaultValue = "30s", description = "wait for requests in flight after the window")
    String drainTimeout;

    @Option(names = "--connect-timeout", defaultValue = "30s", description = "wait for all sessions to connect")
    String connectTimeout;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the node choice")
    long seed;

    @Option(names = "--markdown", description = "print the table as Markdown (for bench/README.md)")
    boolean markdown;

    SnapshotImpactCommand(LoadDriver.Environment env) {
        this.env = env;
    }

    /** What one system gave. */
    record SystemOutcome(String system, int round, long prefillNodes, int prefillMultis, long prefillMs, LoadResult load,
            SnapshotImpact.Result impact, int snapshotsSkipped, int snapshotsInRun, Path timeSeries, String failure) {}

    @Override
    public Integer call() throws IOException, InterruptedException {
        LoadConfig config = loadConfig();
        long bucketNs = Durations.parseNanos(bucket);
        if (bucketNs <= 0 || snapCount < 2 || !(maxRatio > 0) || rounds < 1 || rounds > ROUNDS_MAX) {
            throw new IllegalArgumentException("--bucket must be > 0, --snap-count >= 2, --max-ratio > 0, --rounds in [1, "
                    + ROUNDS_MAX + "]");
        }
        for (String s : systems) {
            if (!s.equals(Systems.ZOOKEEPER) && !s.equals(Systems.ZABD)) {
                throw new IllegalArgumentException("unknown system '" + s + "' (zookeeper, zabd)");
            }
        }
        if (ZkLoadClient.multiBytesEstimate(nodes, payloadBytes, prefillBatch) > ZkLoadClient.MULTI_BYTES_MAX
                || prefillBatch < 1 || prefillInFlight < 1) {
            throw new IllegalArgumentException("--prefill-batch " + prefillBatch + " of " + payloadBytes
                    + " B nodes makes a multi above " + ZkLoadClient.MULTI_BYTES_MAX + " bytes (or batch/in-flight < 1)");
        }
        if (rate * config.warmupNs() / 1_000_000_000L < snapCount) {
            env.err().println("note: the warm-up holds fewer than snapCount writes; the first snapshot after the"
                    + " prefill (which holds the prefill) may fall in the window");
        }
        ServerLaunch launch = server.toLaunch(env.javaHome(), env.classpath())
                .withMoreJvmOptions(SnapshotLog.LOG_TIMESTAMP_JVM_OPTIONS)
                .withZooCfg("snapCount", Long.toString(snapCount));
        ProcCpu procCpu = ProcCpu.detect();
        List<SystemOutcome> outcomes = new ArrayList<>();
        ChildProcesses children = new ChildProcesses();
        try {
            Systems factory = new Systems(launch, children);
            for (int round = 1; round <= rounds; round++) {
                for (String name : systems) {
                    env.err().println("round " + round + " of " + rounds + ": " + name);
                    outcomes.add(runOne(factory, name, round, config, bucketNs, procCpu, launch.workDir()));
                }
            }
        } finally {
            children.close();
        }
        env.out().print(SnapshotImpactTable.render(outcomes, maxRatio, markdown));
        boolean clean = outcomes.stream().allMatch(o -> o.failure() == null && o.load().totalErrors() == 0
                && o.impact().snapshotsInWindow() > 0);
        return clean ? LoadDriver.EXIT_OK : LoadDriver.EXIT_ERRORS;
    }

    LoadConfig loadConfig() {
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be > 0 (snapshot-impact runs at a fixed rate)");
        }
        return new LoadConfig(WorkloadKind.SET_DATA, sessions, 1, rate, openLoopOutstandingMax,
                Durations.parseNanos(warmup), Durations.parseNanos(measure), nodes, payloadBytes, false, 0,
                sessionTimeoutMs, Durations.parseNanos(drainTimeout));
    }

    private SystemOutcome runOne(Systems factory, String name, int round, LoadConfig config, long bucketNs,
            ProcCpu procCpu, Path workDir) throws IOException, InterruptedException {
        try (SystemUnderTest sut = factory.create(name, Topology.STANDALONE)) {
            try {
                sut.start();
            } catch (SystemStartException e) {
                env.err().println(name + ": not available: " + e.getMessage());
                return new SystemOutcome(name, round, 0, 0, 0, null, null, 0, 0, null, "did not start: " + e.getMessage());
            }
            env.err().println("started " + name + " standalone at " + sut.connectString() + " (pid " + sut.pids()
                    + "), log " + sut.serverLogs().get(0));
            long connectMs = Durations.parseNanos(connectTimeout) / 1_000_000L;
            try (ZkLoadClient client = ZkLoadClient.connect(ZkLoadClient.servers(sut.connectString()),
                    config.sessions(), config.sessionTimeoutMs(), connectMs)) {
                long t0 = System.nanoTime();
                int multis = client.prefillNodeSet(config, prefillBatch, prefillInFlight);
                long prefillMs = (System.nanoTime() - t0) / 1_000_000L;
                env.err().printf(Locale.ROOT, "%s: prefilled %d nodes of %d B in %.1f s (%d multi of up to %d creates)%n",
                        name, nodes, config.effectivePayloadBytes(), prefillMs / 1e3, multis, prefillBatch);
                long windowSeconds = config.measureNs() / 1_000_000_000L + 1;
                SampleLog samples = new SampleLog(Math.min(SampleLog.CAPACITY_MAX, 2 * rate * windowSeconds + 1000));
                long wallMs0 = System.currentTimeMillis();
                long nano0 = System.nanoTime();
                LoadRun run = new LoadRun(config, client, Pacer.SYSTEM, procCpu.meters(sut.pids()),
                        procCpu.meter(List.of(env.pid())), seed);
                LoadResult result = run.execute(name, Topology.STANDALONE.cliName(), samples);
                env.err().println(result.summary());
                SnapshotLog.Parsed parsed = awaitSnapshotsLogged(name, sut.serverLogs().get(0), samples, wallMs0, nano0);
                List<SnapshotImpact.Span> spans = new ArrayList<>();
                for (SnapshotLog.Interval i : parsed.intervals()) {
                    spans.add(new SnapshotImpact.Span(toNanos(i.startMs(), wallMs0, nano0),
                            toNanos(i.endMs(), wallMs0, nano0)));
                    env.err().printf(Locale.ROOT, "%s round %d: snapshot %s from %s, %d ms%s%n", name, round, i.label(),
                            Instant.ofEpochMilli(i.startMs()), i.durationMs(),
                            overlapsWindow(i, samples, wallMs0, nano0) ? " (in the window)" : "");
                }
                SnapshotImpact.Result impact = SnapshotImpact.classify(samples, spans, bucketNs);
                Path csv = workDir.resolve("snapshot-impact-" + name + "-" + FILE_STAMP.format(Instant.now()) + ".csv");
                Files.createDirectories(workDir);
                Files.writeString(csv, SnapshotImpact.timeSeriesCsv(impact), StandardCharsets.US_ASCII);
                if (samples.dropped() > 0) {
                    env.err().println(name + ": " + samples.dropped() + " samples dropped (capacity)");
                }
                return new SystemOutcome(name, round, nodes, multis, prefillMs, result, impact, parsed.skipped(),
                        parsed.intervals().size(), csv, null);
            } catch (IOException e) {
                env.err().println(name + ": failed: " + e.getMessage());
                return new SystemOutcome(name, round, 0, 0, 0, null, null, 0, 0, null, e.getMessage());
            }
        }
    }

    /** Reads the log until no snapshot that began before the window's end is still running (bounded wait). */
    private SnapshotLog.Parsed awaitSnapshotsLogged(String name, Path log, SampleLog samples, long wallMs0, long nano0)
            throws IOException {
        long windowEndMs = wallMs0 + (samples.windowEndNs() - nano0) / 1_000_000L;
        long deadline = System.nanoTime() + Durations.parseNanos(snapshotWait);
        while (true) {
            SnapshotLog.Parsed parsed = SnapshotLog.parse(name, Files.readAllLines(log, StandardCharsets.ISO_8859_1));
            if (parsed.openStartMs() < 0 || parsed.openStartMs() > windowEndMs) {
                return parsed;
            }
            if (System.nanoTime() - deadline > 0) {
                env.err().println(name + ": a snapshot started at " + Instant.ofEpochMilli(parsed.openStartMs())
                        + " is not logged as done after " + snapshotWait + "; it is left out");
                return parsed;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LOG_POLL_MS));
        }
    }

    private static boolean overlapsWindow(SnapshotLog.Interval i, SampleLog samples, long wallMs0, long nano0) {
        return toNanos(i.endMs(), wallMs0, nano0) >= samples.windowStartNs()
                && toNanos(i.startMs(), wallMs0, nano0) <= samples.windowEndNs();
    }

    /** A wall-clock millisecond on the driver's nanoTime clock, given one reading of both. */
    static long toNanos(long wallMs, long wallMs0, long nano0) {
        return nano0 + (wallMs - wallMs0) * 1_000_000L;
    }
}
