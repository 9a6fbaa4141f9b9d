package io.zabd.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit flips in the table files and the MANIFEST of a closed store: opening and loading either
 * yields exactly the last written state or fails with a {@link SnapshotStoreException} naming the
 * store directory; never a different tree.
 */
class SnapshotCorruptionTest {
    private static final int SEEDS = 40;

    @TempDir
    Path tmp;

    @Test
    void bitFlipsAreDetectedOrHarmless() throws Exception {
        int detected = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            Path dir = tmp.resolve("s" + seed);
            SnapshotModel expected = writeStore(dir, seed);
            Random random = new Random(seed * 0x9E3779B97F4A7C15L + 1);
            Path victim = flipBits(dir.resolve(SnapshotStore.LIVE), random, seed % 2 == 0 ? "MANIFEST-" : ".sst");
            try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
                SnapshotModel loaded = RecordingSink.load(store);
                assertEquals(expected, loaded, "seed " + seed + ": flip in " + victim + " changed the tree silently");
            } catch (SnapshotStoreException e) {
                detected++;
                System.out.println("seed " + seed + " flip in " + victim.getFileName() + ": " + e.getMessage());
                assertTrue(e.getMessage().contains(dir.toString()), "message names the directory: " + e.getMessage());
                assertTrue(e.getMessage().contains("Corruption") || e.getMessage().contains("IOError")
                        || e.getMessage().contains("decode"), "message carries RocksDB's status: " + e.getMessage());
            }
        }
        System.out.println("detected " + detected + " of " + SEEDS + " flips; the rest loaded the exact state");
        assertTrue(detected > 0, "some of " + SEEDS + " flips must hit checked data");
    }

    /** Writes a full delta and some deltas, closes (which flushes to table files); returns the model. */
    private static SnapshotModel writeStore(Path dir, long seed) throws SnapshotStoreException {
        RandomDeltas gen = new RandomDeltas(seed);
        SnapshotModel model = new SnapshotModel();
        try (SnapshotStore store = SnapshotStore.open(dir, SnapshotStoreConfig.defaults())) {
            SnapshotDelta first = gen.full(400);
            store.write(first);
            model.apply(first);
            store.flush(); // two generations of table files
            for (int i = 0; i < 30; i++) {
                SnapshotDelta d = gen.next(10);
                store.write(d);
                model.apply(d);
            }
        }
        return model;
    }

    /** Flips one to three random bits in one file whose name contains {@code marker}. */
    private static Path flipBits(Path live, Random random, String marker) throws IOException {
        List<Path> candidates;
        try (Stream<Path> files = Files.list(live)) {
            candidates = files.filter(p -> p.getFileName().toString().contains(marker)).sorted()
                    .collect(Collectors.toList());
        }
        assertFalse(candidates.isEmpty(), "no " + marker + " file in " + live);
        Path victim = candidates.get(random.nextInt(candidates.size()));
        try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                long at = (long) (random.nextDouble() * ch.size());
                ByteBuffer b = ByteBuffer.allocate(1);
                ch.read(b, at);
                b.put(0, (byte) (b.get(0) ^ (1 << random.nextInt(8))));
                b.rewind();
                ch.write(b, at);
            }
            ch.force(true);
        }
        return victim;
    }
}
