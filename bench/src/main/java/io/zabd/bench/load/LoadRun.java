package io.zabd.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * One load run over a {@link LoadClient}: warm-up, then the measured window, then a drain of the requests
 * still in flight. Two loops:
 * <ul>
 *   <li><b>closed</b> ({@code rateOpsPerSec == 0}): every session keeps {@code outstandingPerSession}
 *       requests in flight; each completion sends the next request on its session. Latency runs from the
 *       actual send.</li>
 *   <li><b>open</b> (fixed rate): request {@code i} is intended for {@code t0 + i / rate}, whatever happened
 *       to the earlier ones; a request sent late (because the sender was held up or the in-flight bound
 *       was reached) still has its latency measured from its intended time, so a server stall shows up
 *       in every request it delayed (no coordinated omission). Sessions are used round-robin.</li>
 * </ul>
 * The window is cut by completion time; the server and client CPU meters are read at exactly the window's
 * start and end.
 */
public final class LoadRun {
    /** How often the open loop looks again when the in-flight bound is reached. */
    static final long IN_FLIGHT_POLL_NS = 100_000;
    /** How often the drain looks at the in-flight count. */
    static final long DRAIN_POLL_NS = 1_000_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** CPU time consumed so far by what it measures (nanoseconds); read at the window's edges. */
    @FunctionalInterface
    public interface CpuMeter {
        long cpuNanos();

        CpuMeter NONE = () -> 0;
    }

    private final LoadConfig config;
    private final LoadClient client;
    private final Pacer pacer;
    private final List<CpuMeter> serverCpu;
    private final CpuMeter clientCpu;
    private final long seed;

    /**
     * @param serverCpu one meter per server process (empty when the server CPU is unknown)
     * @param clientCpu the driver's own process
     */
    public LoadRun(LoadConfig config, LoadClient client, Pacer pacer, List<CpuMeter> serverCpu, CpuMeter clientCpu,
            long seed) {
        if (client.sessions() != config.sessions()) {
            throw new IllegalArgumentException("client has " + client.sessions() + " sessions, config wants "
                    + config.sessions());
        }
        this.config = config;
        this.client = client;
        this.pacer = pacer;
        this.serverCpu = List.copyOf(serverCpu);
        this.clientCpu = clientCpu;
        this.seed = seed;
    }

    /** The measured window: what {@link LoadResult} reports. */
    private record Window(long startNs, long endNs, Histogram latencyNs, long errors, List<Long> serverCpuNs,
            long clientCpuNs, long backlog) {}

    /** Runs warm-up, window and drain; returns the window's figures. */
    public LoadResult execute(String system, String topology) {
        return execute(system, topology, LatencyRecorder.Observer.NONE);
    }

    /** Runs warm-up, window and drain, telling {@code observer} of the window and of every completion. */
    public LoadResult execute(String system, String topology, LatencyRecorder.Observer observer) {
        LatencyRecorder recorder = new LatencyRecorder(pacer, observer);
        Window window = config.openLoop() ? openLoop(recorder) : closedLoop(recorder);
        drain(recorder);
        return new LoadResult(system, topology, config, window.endNs - window.startNs, window.latencyNs,
                window.errors, recorder.totalErrors(), window.backlog, window.serverCpuNs, window.clientCpuNs);
    }

    private Window closedLoop(LatencyRecorder recorder) {
        AtomicBoolean running = new AtomicBoolean(true);
        OpMix[] mixes = new OpMix[config.sessions()];
        for (int s = 0; s < mixes.length; s++) {
            mixes[s] = new OpMix(config.workload(), config.nodeCount(), config.readShare(), seed + s);
        }
        LoadClient.Completion next = new LoadClient.Completion() {
            @Override
            public void completed(int session, long intendedNs, boolean ok) {
                recorder.completed(session, intendedNs, ok);
                if (running.get()) {
                    send(session, mixes[session], recorder, this);
                }
            }
        };
        long t0 = pacer.nanoTime();
        for (int k = 0; k < config.outstandingPerSession(); k++) {
            for (int s = 0; s < config.sessions(); s++) {
                send(s, mixes[s], recorder, next);
            }
        }
        waitUntil(t0 + config.warmupNs());
        WindowStart start = beginWindow(recorder);
        waitUntil(start.startNs + config.measureNs());
        Window window = endWindow(recorder, start, 0);
        running.set(false);
        return window;
    }

    private void send(int session, OpMix mix, LatencyRecorder recorder, LoadClient.Completion completion) {
        OpKind kind;
        int node;
        synchronized (mix) {
            kind = mix.nextKind();
            node = mix.nextNode();
        }
        recorder.sent();
        client.submit(session, kind, node, pacer.nanoTime(), completion);
    }

    private Window openLoop(LatencyRecorder recorder) {
        OpMix mix = new OpMix(config.workload(), config.nodeCount(), config.readShare(), seed);
        long t0 = pacer.nanoTime();
        long windowStartPlanned = t0 + config.warmupNs();
        WindowStart start = null;
        long windowEnd = Long.MAX_VALUE;
        long sent = 0;
        while (true) {
            long now = pacer.nanoTime();
            if (start == null && now >= windowStartPlanned) {
                start = beginWindow(recorder);
                windowEnd = start.startNs + config.measureNs();
                continue;
            }
            if (start != null && now >= windowEnd) {
                return endWindow(recorder, start, dueBefore(now, t0) - sent);
            }
            long boundary = start == null ? windowStartPlanned : windowEnd;
            long intendedNs = intendedTime(t0, sent);
            if (intendedNs > now) {
                pacer.parkUntil(Math.min(intendedNs, boundary));
            } else if (recorder.inFlight() >= config.openLoopOutstandingMax()) {
                pacer.parkUntil(Math.min(now + IN_FLIGHT_POLL_NS, boundary));
            } else {
                recorder.sent();
                client.submit((int) (sent % config.sessions()), mix.nextKind(), mix.nextNode(), intendedNs, recorder);
                sent++;
            }
        }
    }

    /** The intended send time of request {@code index} of the open loop: {@code t0 + index / rate}, exact. */
    long intendedTime(long t0, long index) {
        long rate = config.rateOpsPerSec();
        return t0 + index / rate * NANOS_PER_SECOND + index % rate * NANOS_PER_SECOND / rate;
    }

    /** How many requests of the open loop were intended before {@code now}. */
    long dueBefore(long now, long t0) {
        long due = (long) Math.ceil((double) (now - t0) * config.rateOpsPerSec() / NANOS_PER_SECOND);
        while (due > 0 && intendedTime(t0, due - 1) >= now) {
            due--;
        }
        while (intendedTime(t0, due) < now) {
            due++;
        }
        return due;
    }

    private record WindowStart(long startNs, long[] serverCpuNs, long clientCpuNs) {}

    private WindowStart beginWindow(LatencyRecorder recorder) {
        recorder.beginWindow();
        long[] serverStart = new long[serverCpu.size()];
        for (int i = 0; i < serverStart.length; i++) {
            serverStart[i] = serverCpu.get(i).cpuNanos();
        }
        long clientStart = clientCpu.cpuNanos();
        return new WindowStart(pacer.nanoTime(), serverStart, clientStart);
    }

    private Window endWindow(LatencyRecorder recorder, WindowStart start, long backlog) {
        Histogram latency = recorder.endWindow();
        long errors = recorder.windowErrors();
        long end = pacer.nanoTime();
        List<Long> serverCpuNs = new ArrayList<>();
        for (int i = 0; i < serverCpu.size(); i++) {
            serverCpuNs.add(serverCpu.get(i).cpuNanos() - start.serverCpuNs[i]);
        }
        long clientCpuNs = clientCpu.cpuNanos() - start.clientCpuNs;
        return new Window(start.startNs, end, latency, errors, serverCpuNs, clientCpuNs, Math.max(0, backlog));
    }

    private void waitUntil(long deadlineNs) {
        while (pacer.nanoTime() < deadlineNs) {
            pacer.parkUntil(deadlineNs);
        }
    }

    private void drain(LatencyRecorder recorder) {
        long deadline = pacer.nanoTime() + config.drainTimeoutNs();
        long now;
        while (recorder.inFlight() > 0 && (now = pacer.nanoTime()) < deadline) {
            pacer.parkUntil(Math.min(now + DRAIN_POLL_NS, deadline));
        }
        int missing = recorder.inFlight();
        if (missing > 0) {
            recorder.abandon(missing);
        }
    }
}
