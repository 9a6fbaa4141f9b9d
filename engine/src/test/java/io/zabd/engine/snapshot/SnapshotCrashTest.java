package io.zabd.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM killed with SIGKILL in the middle of a stream of synced snapshot writes: after
 * reopening, lastZxid is at least the last zxid the child reported written, and the loaded state is
 * exactly the model's state at that lastZxid.
 */
class SnapshotCrashTest {
    private static final int ROUNDS = 16;
    private static final int WAL_ROUNDS = 6;
    private static final long CHILD_DEADLINE_MS = 30_000;

    @TempDir
    Path tmp;

    @Test
    void sigkillDuringSyncedWritesLosesNothingReported() throws Exception {
        Random random = new Random(20261127);
        for (int round = 0; round < ROUNDS; round++) {
            long seed = 1000 + round;
            Path dir = tmp.resolve("r" + round);
            int killAfter = 2 + random.nextInt(80);
            boolean throughWal = round % 2 == 1; // both ways of making a snapshot durable
            long lastReported = runAndKill(dir, seed, killAfter, throughWal);
            try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
                long stored = store.lastZxid();
                assertTrue(stored >= lastReported, "round " + round + ": stored lastZxid 0x" + Long.toHexString(stored)
                        + " behind reported 0x" + Long.toHexString(lastReported));
                assertEquals(expectedAt(seed, stored), RecordingSink.load(store), "round " + round);
                System.out.println("round " + round + (throughWal ? " (WAL)" : " (flush)") + ": killed after "
                        + killAfter + " reports, reported 0x"
                        + Long.toHexString(lastReported) + ", stored 0x" + Long.toHexString(stored));
            }
        }
    }

    /**
     * A bit flipped in the first half of the WAL that a SIGKILLed child left (its writes not yet in
     * table files; the child writes snapshots through the WAL): opening either fails with a clear
     * exception or yields exactly a reported state.
     */
    @Test
    void walBitFlipAfterCrashIsDetected() throws Exception {
        Random random = new Random(4242);
        int detected = 0;
        for (int round = 0; round < WAL_ROUNDS; round++) {
            long seed = 2000 + round;
            Path dir = tmp.resolve("w" + round);
            long lastReported = runAndKill(dir, seed, 20 + random.nextInt(40), true);
            Path wal;
            try (var files = Files.list(dir.resolve(SnapshotStore.LIVE))) {
                wal = files.filter(p -> p.getFileName().toString().endsWith(".log")).max(Path::compareTo).orElseThrow();
            }
            flipBitInFirstHalf(wal, random);
            try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
                long stored = store.lastZxid();
                assertTrue(stored >= lastReported, "round " + round + ": WAL flip silently lost reported snapshots: 0x"
                        + Long.toHexString(stored) + " < 0x" + Long.toHexString(lastReported));
                assertEquals(expectedAt(seed, stored), RecordingSink.load(store), "round " + round);
            } catch (SnapshotStoreException e) {
                detected++;
                System.out.println("WAL round " + round + ": " + e.getMessage());
                assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            }
        }
        System.out.println("WAL flips detected: " + detected + " of " + WAL_ROUNDS);
    }

    private static void flipBitInFirstHalf(Path file, Random random) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = (long) (random.nextDouble() * ch.size() / 2);
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ (1 << random.nextInt(8))));
            b.rewind();
            ch.write(b, at);
            ch.force(true);
        }
    }

    /** The model of seed {@code seed}'s history up to and including {@code zxid}. */
    private static SnapshotModel expectedAt(long seed, long zxid) {
        RandomDeltas gen = new RandomDeltas(seed);
        SnapshotModel model = new SnapshotModel();
        model.apply(gen.full(SnapshotCrashChild.FULL_NODES));
        while (model.lastZxid < zxid) {
            model.apply(gen.next(SnapshotCrashChild.MAX_CHANGES));
        }
        assertEquals(zxid, model.lastZxid, "stored zxid is one of the history's");
        return model;
    }

    /** Starts the child, reads its reports until {@code killAfter} of them, SIGKILLs it; returns the last. */
    private static long runAndKill(Path dir, long seed, int killAfter, boolean throughWal)
            throws IOException, InterruptedException {
        Path stderr = dir.resolveSibling(dir.getFileName() + ".stderr");
        Process child = new ProcessBuilder(childCommand(dir, seed, throughWal)).redirectError(stderr.toFile()).start();
        long lastReported = -1;
        int reports = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            // bounded by the child's own history bound and by the destroy in finally; readLine
            // returns null when the child dies
            long deadline = System.currentTimeMillis() + CHILD_DEADLINE_MS;
            String line;
            while (reports < killAfter && (line = out.readLine()) != null) {
                if (!line.startsWith("written ")) {
                    continue;
                }
                lastReported = Long.parseLong(line.substring("written ".length()));
                reports++;
                if (System.currentTimeMillis() > deadline) {
                    break;
                }
            }
            child.destroyForcibly(); // SIGKILL on Linux
            if (!child.waitFor(CHILD_DEADLINE_MS, TimeUnit.MILLISECONDS)) {
                fail("child did not die");
            }
        } finally {
            child.destroyForcibly();
        }
        if (reports < killAfter) {
            fail("child reported " + reports + " writes before exiting: " + Files.readString(stderr));
        }
        return lastReported;
    }

    private static List<String> childCommand(Path dir, long seed, boolean throughWal) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                cmd.add(arg); // the root pom's zabd.jvm.opens, as surefire passed them to this JVM
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SnapshotCrashChild.class.getName());
        cmd.add(dir.toString());
        cmd.add(Boolean.toString(throughWal));
        cmd.add(Long.toString(seed));
        return cmd;
    }
}
