package io.zabd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.PriorityQueue;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The loops of {@link LoadRun} over a simulated clock and a fake client: the fixed-rate loop measures
 * latency from each request's intended send time (a server stall shows in every request it delays, not
 * only in the one that was waiting), and the closed loop keeps exactly sessions x outstanding in flight.
 */
class LoadRunTest {
    private static final long MS = 1_000_000L;

    /** A discrete-event clock: parking runs every event due before the deadline, in time order. */
    static final class SimPacer implements Pacer {
        private record Event(long atNs, long seq, Runnable action) {}

        private final PriorityQueue<Event> events = new PriorityQueue<>(
                (a, b) -> a.atNs != b.atNs ? Long.compare(a.atNs, b.atNs) : Long.compare(a.seq, b.seq));
        private long now = 1_000 * MS;
        private long seq;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkUntil(long deadlineNs) {
            while (!events.isEmpty() && events.peek().atNs <= deadlineNs) {
                Event e = events.poll();
                now = Math.max(now, e.atNs);
                e.action.run();
            }
            now = Math.max(now, deadlineNs);
        }

        void at(long atNs, Runnable action) {
            events.add(new Event(atNs, seq++, action));
        }
    }

    /**
     * A server answering every request {@code serviceNs} after it arrives, except that nothing is answered
     * during {@code [stallFromNs, stallToNs)}: what arrives then (or is pending) is answered at the stall's end.
     */
    static final class FakeClient implements LoadClient {
        final SimPacer pacer;
        final int sessions;
        final long serviceNs;
        final long stallFromNs;
        final long stallToNs;
        int inFlight;
        int inFlightMax;
        long submitted;

        FakeClient(SimPacer pacer, int sessions, long serviceNs, long stallFromNs, long stallToNs) {
            this.pacer = pacer;
            this.sessions = sessions;
            this.serviceNs = serviceNs;
            this.stallFromNs = stallFromNs;
            this.stallToNs = stallToNs;
        }

        @Override
        public int sessions() {
            return sessions;
        }

        @Override
        public void submit(int session, OpKind kind, int node, long intendedNs, Completion completion) {
            submitted++;
            inFlight++;
            inFlightMax = Math.max(inFlightMax, inFlight);
            long done = pacer.nanoTime() + serviceNs;
            if (done >= stallFromNs && done < stallToNs) {
                done = stallToNs;
            }
            pacer.at(done, () -> {
                inFlight--;
                completion.completed(session, intendedNs, true);
            });
        }

        @Override
        public void close() {}
    }

    private static LoadConfig config(int sessions, int outstanding, long rate, int openLoopMax, long warmupNs,
            long measureNs) {
        return new LoadConfig(WorkloadKind.SET_DATA, sessions, outstanding, rate, openLoopMax, warmupNs, measureNs, 10,
                -1, false, 0.9, 30_000, 5_000 * MS);
    }

    @Test
    void fixedRateLatencyRunsFromIntendedSendTimeThroughAStall() {
        SimPacer pacer = new SimPacer();
        long t0 = pacer.nanoTime();
        // 1000 ops/s; window [t0+100ms, t0+1100ms); the server answers nothing from t0+400ms to t0+600ms and
        // the sender may have only 10 requests in flight, so it is itself held up during the stall.
        FakeClient client = new FakeClient(pacer, 4, MS / 10, t0 + 400 * MS, t0 + 600 * MS);
        LoadConfig cfg = config(4, 1, 1000, 10, 100 * MS, 1000 * MS);

        LoadResult result = new LoadRun(cfg, client, pacer, List.of(), LoadRun.CpuMeter.NONE, 1)
                .execute("fake", "standalone");

        Histogram h = result.latencyNs();
        assertTrue(result.ops() >= 995 && result.ops() <= 1005, "about 1000 requests in the window: " + result.ops());
        assertEquals(0, result.totalErrors());
        assertEquals(10, client.inFlightMax, "the in-flight bound holds");
        // Requests intended in [400ms, 600ms) wait until 600ms; from their intended time that is 0.1 to 200 ms.
        // Those intended before 550ms waited more than 50 ms: about 150 of them, not just the 10 that were sent.
        long over50ms = h.getTotalCount() - h.getCountBetweenValues(0, 50 * MS);
        assertTrue(over50ms >= 145 && over50ms <= 155, "requests delayed > 50 ms by the stall: " + over50ms);
        assertTrue(h.getMaxValue() >= 199 * MS && h.getMaxValue() <= 210 * MS, "max ~200 ms: " + h.getMaxValue());
        assertTrue(h.getValueAtPercentile(50) <= MS / 5, "median is the service time: " + h.getValueAtPercentile(50));
        assertEquals(0, result.backlog(), "the sender caught up before the window ended");
        assertEquals(1000.0, result.opsPerSec(), 10.0);
    }

    @Test
    void fixedRateIntendedTimesAreExact() {
        SimPacer pacer = new SimPacer();
        LoadRun run = new LoadRun(config(1, 1, 3, 10, 0, MS), new FakeClient(pacer, 1, 1, 0, 0), pacer,
                List.of(), LoadRun.CpuMeter.NONE, 1);
        assertEquals(0, run.intendedTime(0, 0));
        assertEquals(333_333_333, run.intendedTime(0, 1));
        assertEquals(1_000_000_000, run.intendedTime(0, 3));
        assertEquals(1_000_000_000L * 1_000_000_000L + 10, run.intendedTime(10, 3_000_000_000L));
    }

    @Test
    void fixedRateReportsBacklogWhenTheServerFallsBehind() {
        SimPacer pacer = new SimPacer();
        long t0 = pacer.nanoTime();
        // The server stalls through the end of the window: the requests due but not sent are the backlog.
        FakeClient client = new FakeClient(pacer, 1, MS / 10, t0 + 500 * MS, t0 + 5_000 * MS);
        LoadResult result = new LoadRun(config(1, 1, 1000, 10, 0, 1000 * MS), client, pacer, List.of(),
                LoadRun.CpuMeter.NONE, 1).execute("fake", "standalone");
        assertTrue(result.backlog() >= 480 && result.backlog() <= 500, "backlog: " + result.backlog());
        assertEquals(0, result.totalErrors(), "the drain waits for the stalled requests");
    }

    @Test
    void closedLoopKeepsSessionsTimesOutstandingInFlight() {
        SimPacer pacer = new SimPacer();
        // No stall: every request takes 1 ms, so 3 sessions x 4 outstanding give 12 requests per ms.
        FakeClient client = new FakeClient(pacer, 3, MS, 0, 0);
        LoadResult result = new LoadRun(config(3, 4, 0, 10, 50 * MS, 100 * MS), client, pacer,
                List.of(() -> pacer.nanoTime() / 2, () -> 7), LoadRun.CpuMeter.NONE, 1).execute("fake", "standalone");
        assertEquals(12, client.inFlightMax);
        assertEquals(12_000.0, result.opsPerSec(), 150.0);
        assertEquals(MS, result.latencyNs().getValueAtPercentile(99), MS / 100.0);
        // the server CPU meter advances at half the clock's speed: 50 ms over a 100 ms window
        assertEquals(50 * MS, result.serverCpuNsByProcess().get(0), MS);
        assertEquals(0, result.serverCpuNsByProcess().get(1));
        assertEquals(50 * MS, result.serverCpuNs(), MS);
        assertEquals(0, result.totalErrors());
    }
}
