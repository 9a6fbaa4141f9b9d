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

    /**
     * Sees every completion with its timestamps, and the window's edges (e.g. to classify requests by
     * what the server was doing while they were in flight). Called on the client threads; must be
     * thread-safe and quick.
     */
    public interface Observer {
        void windowBegan(long nowNs);

        void completed(long intendedNs, long completedNs, boolean ok);

        void windowEnded(long nowNs);

        Observer NONE = new Observer() {
            @Override
            public void windowBegan(long nowNs) {}

            @Override
            public void completed(long intendedNs, long completedNs, boolean ok) {}

            @Override
            public void windowEnded(long nowNs) {}
        };
    }

    private final Pacer pacer;
    private final Observer observer;
    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong windowErrors = new AtomicLong();
    private final AtomicLong totalErrors = new AtomicLong();

    public LatencyRecorder(Pacer pacer) {
        this(pacer, Observer.NONE);
    }

    public LatencyRecorder(Pacer pacer, Observer observer) {
        this.pacer = pacer;
        this.observer = observer;
    }

    /** Called just before a request is submitted. */
    public void sent() {
        inFlight.incrementAndGet();
    }

    @Override
    public void completed(int session, long intendedNs, boolean ok) {
        long now = pacer.nanoTime();
        observer.completed(intendedNs, now, ok);
        if (ok) {
            recorder.recordValue(Math.max(0, now - intendedNs));
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
        observer.windowBegan(pacer.nanoTime());
    }

    /** Ends the measured window: the latencies of the requests completed since {@link #beginWindow()}. */
    public Histogram endWindow() {
        Histogram window = recorder.getIntervalHistogram();
        observer.windowEnded(pacer.nanoTime());
        return window;
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
