package io.zabd.tools;

import java.io.PrintWriter;

/**
 * Progress of a long scan on stderr, only when stderr is a terminal ({@code System.console() != null});
 * redrawn at most every {@link #INTERVAL_NS}, erased by {@link #done}.
 */
final class Progress {
    static final long INTERVAL_NS = 500_000_000L;

    private final PrintWriter err;
    private final String what;
    private final boolean enabled;
    private long lastNs = System.nanoTime();
    private boolean shown;

    private Progress(PrintWriter err, String what, boolean enabled) {
        this.err = err;
        this.what = what;
        this.enabled = enabled;
    }

    static Progress of(PrintWriter err, String what) {
        return new Progress(err, what, System.console() != null);
    }

    void update(long count, String detail) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastNs < INTERVAL_NS) {
            return;
        }
        lastNs = now;
        err.print("\r" + what + ": " + count + " " + detail + "   ");
        err.flush();
        shown = true;
    }

    void done() {
        if (shown) {
            err.print("\r" + " ".repeat(72) + "\r");
            err.flush();
        }
    }
}
