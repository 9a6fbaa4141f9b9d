package io.zabd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: the whole engine (group-commit log, tree, background RocksDB snapshots, checkpoints, log
 * purge) killed with SIGKILL at random moments recovers every transaction it applied (it only
 * applies durable ones), and the recovered tree is exactly the tree the deterministic workload
 * gives at the recovered zxid; every digest the child printed matches the digest recomputed at
 * that zxid. Rounds continue on the same directories, so recovery after recovery is exercised.
 */
class EngineCrashTest {
    private static final long SEED = 0xE7617EL;
    private static final int ROUNDS = 20;
    /**
     * More than a child applies within the longest kill delay (650 ms), so most kills hit a running
     * workload even on a quiet machine (30,000 took ~370 ms there: half the rounds ended before the kill).
     */
    private static final int TXNS_PER_CHILD = 60_000;

    @TempDir
    Path root;

    @Test
    void sigkilledEngineRecoversEveryAppliedTransactionExactly() throws Exception {
        Random random = new Random(SEED);
        long recovered = 0;
        int killedWhileWriting = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path stdout = root.resolve("child-" + round + ".out");
            Process child = start(stdout);
            awaitLine(child, stdout, "OPEN ");
            long killAfterMs = 50 + random.nextInt(600);
            // The random wait is the point: it picks the moment of the kill.
            Thread.sleep(killAfterMs);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child exits after SIGKILL");
            Map<Long, Long> printed = parse(stdout);
            boolean done = Files.readString(stdout, StandardCharsets.US_ASCII).contains("DONE ");
            killedWhileWriting += done ? 0 : 1;
            long lastPrinted = printed.keySet().stream().mapToLong(Long::longValue).max().orElse(recovered);
            try (Engine engine = Engine.open(EngineCrashChild.config(root, SEED))) {
                String where = "round " + round + " killed after " + killAfterMs + " ms";
                assertTrue(engine.lastZxid() >= lastPrinted, where + ": recovered " + Zxid.toHex(engine.lastZxid())
                        + " but the child applied " + Zxid.toHex(lastPrinted));
                checkAgainstWorkload(engine, printed, where);
                recovered = engine.lastZxid();
                System.out.println(where + ": " + engine.recovery());
            }
        }
        assertTrue(killedWhileWriting >= ROUNDS / 2, "most kills hit a running workload: " + killedWhileWriting);
        assertTrue(Zxid.counter(recovered) > ROUNDS, "the rounds made progress: " + Zxid.toHex(recovered));
    }

    private static void checkAgainstWorkload(Engine engine, Map<Long, Long> printed, String where) {
        DataTree expected = new DataTree(false);
        EngineWorkload workload = new EngineWorkload(SEED);
        while (expected.lastProcessedZxid() < engine.lastZxid()) {
            expected.apply(workload.next());
            Long digest = printed.get(expected.lastProcessedZxid());
            if (digest != null) {
                assertEquals(digest.longValue(), expected.digest(), where + ": digest at "
                        + Zxid.toHex(expected.lastProcessedZxid()));
            }
        }
        assertEquals(expected.lastProcessedZxid(), engine.lastZxid(), where);
        assertEquals(expected.digest(), engine.tree().digest(), where + ": recovered tree equals the workload's");
        assertEquals(expected.nodeCount(), engine.tree().nodeCount(), where);
    }

    private static Map<Long, Long> parse(Path stdout) throws IOException {
        Map<Long, Long> printed = new HashMap<>();
        for (String line : Files.readAllLines(stdout, StandardCharsets.US_ASCII)) {
            String[] p = line.split(" ");
            if (line.startsWith("FAIL")) {
                fail("child failed: " + line);
            }
            if (p.length == 4 && p[0].equals("A") && p[3].equals("E")) {
                printed.put(Long.parseUnsignedLong(p[1], 16), Long.parseUnsignedLong(p[2], 16));
            }
        }
        return printed;
    }

    private Process start(Path stdout) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), EngineCrashChild.class.getName(),
                root.toString(), Long.toString(SEED), Integer.toString(TXNS_PER_CHILD)));
        Files.createFile(stdout);
        return new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitLine(Process child, Path stdout, String prefix) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(stdout, StandardCharsets.US_ASCII).contains(prefix)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("child did not print " + prefix + ": " + Files.readString(stdout, StandardCharsets.US_ASCII));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
