package io.zabd.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of processes from {@code /proc/<pid>/stat}: fields 14 ({@code utime}) and 15 ({@code stime}),
 * in clock ticks, counting all the process's threads. The line is {@code pid (comm) state ppid ...}; the
 * command name may hold spaces and parentheses, so fields are counted from the last {@code ')'}. The
 * tick length ({@code getconf CLK_TCK}) is read once, when the instance is made.
 */
public final class ProcCpu {
    /** Fields of /proc/pid/stat after the last ')': index 0 is field 3 (state). */
    private static final int UTIME_INDEX = 14 - 3;
    private static final int STIME_INDEX = 15 - 3;
    private static final long GETCONF_TIMEOUT_MS = 10_000;

    private final long ticksPerSecond;

    public ProcCpu(long ticksPerSecond) {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("clock ticks per second must be > 0: " + ticksPerSecond);
        }
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Asks {@code getconf CLK_TCK} for the tick length. */
    public static ProcCpu detect() throws IOException {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out;
        try (InputStream in = getconf.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!getconf.waitFor(GETCONF_TIMEOUT_MS, TimeUnit.MILLISECONDS) || getconf.exitValue() != 0) {
                throw new IOException("getconf CLK_TCK failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running getconf CLK_TCK", e);
        }
        try {
            return new ProcCpu(Long.parseLong(out));
        } catch (NumberFormatException e) {
            throw new IOException("getconf CLK_TCK printed '" + out + "'", e);
        }
    }

    public long ticksPerSecond() {
        return ticksPerSecond;
    }

    /** utime + stime of {@code pid}, in clock ticks. */
    public long cpuTicks(long pid) throws IOException {
        String line;
        try {
            line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException("process " + pid + " is gone (no /proc/" + pid + "/stat)", e);
        }
        return parseTicks(line);
    }

    /** utime + stime from one /proc/pid/stat line. */
    static long parseTicks(String statLine) throws IOException {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IOException("malformed /proc stat line: " + statLine);
        }
        String[] fields = statLine.substring(close + 1).trim().split(" +");
        if (fields.length <= STIME_INDEX) {
            throw new IOException("short /proc stat line: " + statLine);
        }
        try {
            return Long.parseLong(fields[UTIME_INDEX]) + Long.parseLong(fields[STIME_INDEX]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed /proc stat line: " + statLine, e);
        }
    }

    /** One meter per process of {@code pids}. */
    public List<LoadRun.CpuMeter> meters(List<Long> pids) {
        List<LoadRun.CpuMeter> out = new ArrayList<>();
        for (long pid : pids) {
            out.add(meter(List.of(pid)));
        }
        return out;
    }

    /** CPU nanoseconds of all of {@code pids} so far; a process that is gone fails the read. */
    public LoadRun.CpuMeter meter(List<Long> pids) {
        List<Long> copy = List.copyOf(pids);
        return () -> {
            long ticks = 0;
            for (long pid : copy) {
                try {
                    ticks += cpuTicks(pid);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read the CPU time of process " + pid + ": "
                            + e.getMessage(), e);
                }
            }
            return ticks * 1_000_000_000L / ticksPerSecond;
        };
    }
}
