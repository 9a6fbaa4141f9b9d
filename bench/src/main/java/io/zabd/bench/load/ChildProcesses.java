package io.zabd.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The server processes started by one driver. Each one is stopped by its system; whatever is still alive
 * when the driver's JVM exits (an exception, Ctrl-C) is killed by a shutdown hook.
 */
public final class ChildProcesses {
    private final Set<Process> alive = new LinkedHashSet<>();
    private final Thread hook = new Thread(this::killAll, "load-driver-child-reaper");

    public ChildProcesses() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public synchronized void register(Process process) {
        alive.add(process);
    }

    /**
     * Stops a process: SIGTERM, then SIGKILL if it has not exited within {@code graceMs}. Waits for the exit.
     */
    public void stop(Process process, long graceMs) {
        try {
            process.destroy();
            if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(graceMs, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                alive.remove(process);
            }
        }
    }

    /** Kills every registered process still alive (the shutdown hook). */
    public void killAll() {
        List<Process> all;
        synchronized (this) {
            all = new ArrayList<>(alive);
            alive.clear();
        }
        for (Process p : all) {
            p.destroyForcibly();
        }
    }

    /** Kills what is left and removes the shutdown hook (for tests and the end of a driver run). */
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs anyway
        }
    }
}
