package io.zabd.engine.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zabd.engine.txn.TxnCodec;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal (acceptance): a log writer killed with SIGKILL at a random moment loses nothing it reported
 * durable. A child JVM ({@link LogCrashChild}) appends deterministic records through group commit
 * and prints each durable zxid; the parent kills it, reopens the log and checks that every reported
 * zxid is there, in order, with its exact bytes, that every record returned is whole and in
 * sequence, and that the next child continues from the recovered log. 50 rounds on one directory,
 * both force modes, 1 MiB segments so rolling happens, and the children purge as they go so that
 * recycled segments (stale records of an earlier life after the end of data) are written and killed.
 */
class LogCrashTest {
    private static final long SEED = 0x2AB1DL;
    private static final int ROUNDS = 50;
    private static final int RECORDS_PER_CHILD = 200_000;
    private static final long CHILD_START_DEADLINE_MS = 30_000;
    private static final long KILL_WAIT_MS = 30_000;

    @TempDir
    Path root;

    @Test
    void sigkillNeverLosesAReportedDurableRecord() throws Exception {
        Path dir = root.resolve("log");
        Random random = new Random(SEED);
        long reportedTotal = 0;
        int killedMidWrite = 0;
        int roundsWithRecycled = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ForceMode mode = random.nextBoolean() ? ForceMode.MAPPED : ForceMode.CHANNEL;
            ChildRun run = runAndKill(dir, mode, random);
            String where = "round " + round + " (" + mode + ", " + run.describe() + ")";
            roundsWithRecycled += recycledSegments(dir) > 0 ? 1 : 0;
            long recovered = verify(dir, run, where);
            reportedTotal += run.durable.size();
            killedMidWrite += run.done ? 0 : 1;
            assertTrue(recovered >= run.lastDurable(), where);
            System.out.println(where + ", recovered up to " + Zxid.toHex(recovered));
        }
        assertTrue(reportedTotal > ROUNDS, "the children reported durable zxids: " + reportedTotal);
        assertTrue(killedMidWrite > ROUNDS / 2, "most children were killed while writing: " + killedMidWrite);
        assertTrue(roundsWithRecycled > ROUNDS / 2, "children wrote into recycled segments: " + roundsWithRecycled);
    }

    /** Segment files in {@code dir} whose header carries the recycled flag, as the children left them. */
    private static int recycledSegments(Path dir) throws IOException {
        int n = 0;
        for (SegmentScan s : TxnLog.verify(dir, LogCrashChild.RECORD_MAX).segments()) {
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(LogFormat.SEGMENT_HEADER_BYTES);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(s.path())) {
                ch.read(header, 0);
            }
            n += s.headerProblem() == null && LogFormat.recycled(new org.agrona.concurrent.UnsafeBuffer(header.array()))
                    ? 1 : 0;
        }
        return n;
    }

    /** What one child printed before it died. */
    static final class ChildRun {
        long openZxid = -1;
        final List<Long> durable = new ArrayList<>();
        boolean done;
        long killAfterMs;

        long lastDurable() {
            return durable.isEmpty() ? 0 : durable.get(durable.size() - 1);
        }

        String describe() {
            return "opened at " + Zxid.toHex(openZxid) + ", killed after " + killAfterMs + " ms, " + durable.size()
                    + " durable reports up to " + Zxid.toHex(lastDurable());
        }
    }

    private ChildRun runAndKill(Path dir, ForceMode mode, Random random) throws Exception {
        Path stdout = dir.resolveSibling("child.out");
        Process process = startChild(dir, mode, stdout);
        ChildRun run = new ChildRun();
        boolean early = random.nextInt(8) == 0;
        if (!early) {
            awaitOpen(process, stdout);
        }
        run.killAfterMs = early ? random.nextInt(400) : random.nextInt(300);
        // The random wait is the point of the test: the moment of the kill, not a synchronisation.
        Thread.sleep(run.killAfterMs);
        process.destroyForcibly();
        assertTrue(process.waitFor(KILL_WAIT_MS, TimeUnit.MILLISECONDS), "child exits after SIGKILL");
        for (String line : Files.readAllLines(stdout, StandardCharsets.US_ASCII)) {
            parse(line, run);
        }
        return run;
    }

    /** Waits, with a deadline, until the child has printed that it opened the log. */
    private static void awaitOpen(Process process, Path stdout) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHILD_START_DEADLINE_MS);
        while (!Files.readString(stdout, StandardCharsets.US_ASCII).contains("OPEN ")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                fail("child did not open the log within " + CHILD_START_DEADLINE_MS + " ms: "
                        + Files.readString(stdout, StandardCharsets.US_ASCII));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private static void parse(String line, ChildRun run) {
        String[] parts = line.split(" ");
        if (parts.length != 3 || !parts[2].equals("E")) {
            if (line.startsWith("D ") || line.startsWith("OPEN ")) {
                return; // a line cut by the kill was never completely reported
            }
            fail("unexpected child output: " + line);
        }
        switch (parts[0]) {
            case "OPEN" -> run.openZxid = Zxid.parseHex(parts[1]);
            case "D" -> {
                long zxid = Zxid.parseHex(parts[1]);
                assertTrue(zxid > Math.max(run.lastDurable(), run.openZxid), "durable zxids increase: " + line);
                run.durable.add(zxid);
            }
            case "DONE" -> run.done = true;
            default -> fail("child failed: " + line);
        }
    }

    /** Reopens the log, checks it against what the child reported, trims old segments; returns the last zxid. */
    private static long verify(Path dir, ChildRun run, String where) throws IOException {
        try (TxnLog log = TxnLog.open(LogCrashChild.config(dir, ForceMode.MAPPED))) {
            long last = log.lastZxid();
            if (!log.recoveryReport().clean()) {
                System.out.println(where + ": recovery " + log.recoveryReport());
            }
            assertTrue(last >= run.lastDurable(), where + ": recovered last zxid " + Zxid.toHex(last));
            long expected = log.firstZxid();
            long count = 0;
            try (LogCursor cursor = log.readFrom(0)) {
                while (cursor.next()) {
                    assertEquals(expected, cursor.zxid(), where + ": records in sequence");
                    byte[] want = TxnCodec.toBytes(LogCrashChild.txn(SEED, expected));
                    assertArrayEquals(want, cursor.payloadBytes(), where + ": exact bytes of " + Zxid.toHex(expected));
                    expected = LogCrashChild.next(expected);
                    count++;
                }
            }
            assertEquals(last, count == 0 ? 0 : expected - 1, where + ": the cursor reads up to the last zxid");
            // the children purge only below their durable zxid: every reported zxid is either purged
            // (below the first) or read back above, in sequence with its exact bytes
            for (long zxid : run.durable) {
                assertTrue(zxid <= last, where + ": reported durable " + Zxid.toHex(zxid));
            }
            log.purgeBefore(last);
            return last;
        }
    }

    private static Process startChild(Path dir, ForceMode mode, Path stdout) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LogCrashChild.class.getName(),
                dir.toString(), Long.toString(SEED), mode.name(), Integer.toString(RECORDS_PER_CHILD)));
        Files.deleteIfExists(stdout);
        Files.createFile(stdout);
        return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
