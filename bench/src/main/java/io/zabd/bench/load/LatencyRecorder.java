package io.zabd.bench.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records request latencies, measured from each request's intended send time to the moment its
 * completion is seen, into an HdrHistogram {@link Recorder} (wait-free for the many client threads that
 * complete requests). A window is delimited by {@link #beginWindow()} and {@link #endWindow()}: a
 * completion belongs to the window it is recorded in. Also counts requests in flight and errors.
 */
public final class LatencyRecorder implements LoadClient.Completion {
    /** Three significant digits: the reported quantiles are within 0.1%. */
    static final int SIGNIFICANT_DIGITS = 3;

    private final Pacer pacer;
    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong windowErrors = new AtomicLong();
    private final AtomicLong totalErrors = new AtomicLong();

    public LatencyRecorder(Pacer pacer) {
        this.pacer = pacer;
    }

    /** Called just before a request is submitted. */
    public void sent() {
        inFlight.incrementAndGet();
    }

    @Override
    public void completed(int session, long intendedNs, boolean ok) {
        if (ok) {
            recorder.recordValue(Math.max(0, pacer.nanoTime() - intendedNs));
        } else {
            windowErrors.incrementAndGet();
            totalErrors.incrementAndGet();
        }
        inFlight.decrementAndGet();
    }

    /** Drops everything recorded so far (the warm-up) and starts the measured window. */
    public void beginWindow() {
        recorder.getIntervalHistogram();
        windowErrors.set(0);
    }

    /** Ends the measured window: the latencies of the requests completed since {@link #beginWindow()}. */
    public Histogram endWindow() {
        return recorder.getIntervalHistogram();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Counts requests that never completed (when the drain times out) as errors. */
    public void abandon(int requests) {
        totalErrors.addAndGet(requests);
    }

    /** Errors over the whole run: warm-up, window, drain and abandoned requests. */
    public long totalErrors() {
        return totalErrors.get();
    }

    /** Errors completed inside the measured window (so far). */
    public long windowErrors() {
        return windowErrors.get();
    }
}
