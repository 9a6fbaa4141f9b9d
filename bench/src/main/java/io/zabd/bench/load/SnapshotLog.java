package io.zabd.bench.load;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a server took its snapshots, read from its log. The servers log through slf4j-simple with a
 * wall-clock timestamp first on each line ({@link #LOG_TIMESTAMP_JVM_OPTIONS}, format
 * {@link #TIMESTAMP_PATTERN}, millisecond resolution).
 *
 * <ul>
 *   <li><b>Apache ZooKeeper 3.9</b>: {@code Snapshotting: 0x<zxid> to <file>} when the snapshot thread
 *       starts writing, {@code Snapshot taken in <n> ms} when it is done (the same thread, in that order),
 *       {@code Too busy to snap, skipping} when a snapshot was due while the previous one still ran.</li>
 *   <li><b>zabd</b>: {@code snapshot at 0x<zxid>: captured <n> changes (delta|full) in <m> ms} on the apply
 *       thread after the capture, {@code snapshot at 0x<zxid>: wrote <n> changes of <k> capture(s) in
 *       <m> ms ...} on the snapshot writer after the store write and checkpoint. Captures queued while the
 *       writer was busy are written together; the interval runs from the first capture's start to the
 *       write's end.</li>
 * </ul>
 * An interval's start is its start line's time (or end minus the logged duration, whichever is earlier);
 * its end is the end line's time. A start with no end yet is reported as {@link Parsed#openStartMs()}.
 */
final class SnapshotLog {
    /** The timestamp slf4j-simple writes first on every line with {@link #LOG_TIMESTAMP_JVM_OPTIONS}. */
    static final String TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";
    /**
     * JVM options that make slf4j-simple (both servers' logger) print {@link #TIMESTAMP_PATTERN} and the
     * snapshot lines at INFO whatever the default level is (a simplelogger.properties on the class path).
     */
    static final List<String> LOG_TIMESTAMP_JVM_OPTIONS = List.of("-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=" + TIMESTAMP_PATTERN,
            "-Dorg.slf4j.simpleLogger.log.org.apache.zookeeper.server.persistence.FileTxnSnapLog=info",
            "-Dorg.slf4j.simpleLogger.log.org.apache.zookeeper.server.ZooKeeperServer=info",
            "-Dorg.slf4j.simpleLogger.log.org.apache.zookeeper.server.SyncRequestProcessor=info",
            "-Dorg.slf4j.simpleLogger.log.io.zabd.engine.Engine=info",
            "-Dorg.slf4j.simpleLogger.log.io.zabd.engine.snapshot.SnapshotWriter=info");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern(TIMESTAMP_PATTERN);
    private static final int TIMESTAMP_LENGTH = "2026-01-01T00:00:00.000+0000".length();

    private static final Pattern ZK_START = Pattern.compile("Snapshotting: (0x[0-9a-fA-F]+) to ");
    private static final Pattern ZK_END = Pattern.compile("Snapshot taken in (\\d+) ms");
    private static final String ZK_SKIPPED = "Too busy to snap, skipping";
    private static final Pattern ZABD_CAPTURED =
            Pattern.compile("snapshot at (0x[0-9a-fA-F]+): captured (\\d+) changes \\((\\w+)\\) in (\\d+) ms");
    private static final Pattern ZABD_WROTE =
            Pattern.compile("snapshot at (0x[0-9a-fA-F]+): wrote (\\d+) changes of (\\d+) capture\\(s\\) in (\\d+) ms");

    private SnapshotLog() {}

    /** One snapshot: wall-clock milliseconds since the epoch, and what it was (zxid, size). */
    record Interval(long startMs, long endMs, String label) {
        Interval {
            if (endMs < startMs) {
                throw new IllegalArgumentException("snapshot ends before it starts: " + startMs + " > " + endMs);
            }
        }

        long durationMs() {
            return endMs - startMs;
        }
    }

    /**
     * @param intervals finished snapshots in log order
     * @param openStartMs start of a snapshot whose end is not logged yet, or -1
     * @param skipped snapshots the server skipped because the previous one still ran (ZooKeeper)
     */
    record Parsed(List<Interval> intervals, long openStartMs, int skipped) {
        Parsed {
            intervals = List.copyOf(intervals);
        }
    }

    /** Parses a log of {@code system} ({@link Systems#ZOOKEEPER} or {@link Systems#ZABD}). */
    static Parsed parse(String system, List<String> lines) {
        if (system.equals(Systems.ZOOKEEPER)) {
            return parseZooKeeper(lines);
        }
        if (system.equals(Systems.ZABD)) {
            return parseZabd(lines);
        }
        throw new IllegalArgumentException("no snapshot log format for system '" + system + "'");
    }

    static Parsed parseZooKeeper(List<String> lines) {
        List<Interval> out = new ArrayList<>();
        long openStart = -1;
        String openZxid = "";
        int skipped = 0;
        for (String line : lines) {
            long ts = timestampMs(line);
            if (ts < 0) {
                continue;
            }
            Matcher start = ZK_START.matcher(line);
            if (start.find()) {
                openStart = ts;
                openZxid = start.group(1);
                continue;
            }
            Matcher end = ZK_END.matcher(line);
            if (end.find()) {
                long took = Long.parseLong(end.group(1));
                long begin = openStart >= 0 ? Math.min(openStart, ts - took) : ts - took;
                out.add(new Interval(begin, ts, openZxid.isEmpty() ? "?" : openZxid));
                openStart = -1;
                openZxid = "";
                continue;
            }
            if (line.contains(ZK_SKIPPED)) {
                skipped++;
            }
        }
        return new Parsed(out, openStart, skipped);
    }

    static Parsed parseZabd(List<String> lines) {
        List<Interval> out = new ArrayList<>();
        Deque<long[]> captures = new ArrayDeque<>(); // {zxid, startMs}
        for (String line : lines) {
            long ts = timestampMs(line);
            if (ts < 0) {
                continue;
            }
            Matcher captured = ZABD_CAPTURED.matcher(line);
            if (captured.find()) {
                long zxid = Long.parseUnsignedLong(captured.group(1).substring(2), 16);
                captures.addLast(new long[] {zxid, ts - Long.parseLong(captured.group(4))});
                continue;
            }
            Matcher wrote = ZABD_WROTE.matcher(line);
            if (wrote.find()) {
                long zxid = Long.parseUnsignedLong(wrote.group(1).substring(2), 16);
                long begin = ts - Long.parseLong(wrote.group(4));
                while (!captures.isEmpty() && Long.compareUnsigned(captures.peekFirst()[0], zxid) <= 0) {
                    begin = Math.min(begin, captures.pollFirst()[1]);
                }
                out.add(new Interval(begin, ts, wrote.group(1) + " " + wrote.group(2) + " changes"));
            }
        }
        return new Parsed(out, captures.isEmpty() ? -1 : captures.peekFirst()[1], 0);
    }

    /** The line's leading timestamp in epoch milliseconds, or -1 if it has none. */
    static long timestampMs(String line) {
        if (line.length() < TIMESTAMP_LENGTH || !Character.isDigit(line.charAt(0))) {
            return -1;
        }
        try {
            return OffsetDateTime.parse(line.substring(0, TIMESTAMP_LENGTH), TIMESTAMP).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
