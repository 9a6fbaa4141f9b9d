package io.zabd.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zabd.engine.util.Invariants.InvariantViolation;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Coalescing deltas equals applying them in order, for random histories including full deltas. */
class DeltaAccumulatorTest {
    @Test
    void coalescedEqualsSequential() {
        for (long seed = 0; seed < 50; seed++) {
            RandomDeltas gen = new RandomDeltas(seed);
            Random random = new Random(seed);
            SnapshotModel sequential = new SnapshotModel();
            SnapshotDelta first = gen.full(50);
            sequential.apply(first);
            SnapshotModel coalesced = sequential.copy();
            for (int round = 0; round < 10; round++) {
                SnapshotDelta head = random.nextInt(8) == 0 ? gen.full(30) : gen.next(10);
                sequential.apply(head);
                DeltaAccumulator acc = new DeltaAccumulator(head);
                int more = random.nextInt(6);
                for (int i = 0; i < more; i++) {
                    SnapshotDelta d = random.nextInt(8) == 0 ? gen.full(30) : gen.next(10);
                    sequential.apply(d);
                    acc.add(d);
                }
                SnapshotDelta merged = acc.toDelta();
                assertDisjoint(merged);
                assertEquals(1 + more, acc.deltaCount());
                coalesced.apply(merged);
                assertEquals(sequential, coalesced, "seed " + seed + " round " + round);
            }
        }
    }

    /** A single delta is handed back as is; an older delta cannot be coalesced after a newer one. */
    @Test
    void singleIsUntouchedAndOrderIsChecked() {
        RandomDeltas gen = new RandomDeltas(3);
        SnapshotDelta a = gen.full(10);
        SnapshotDelta b = gen.next(3);
        assertSame(a, new DeltaAccumulator(a).toDelta());
        DeltaAccumulator acc = new DeltaAccumulator(b);
        assertThrows(InvariantViolation.class, () -> acc.add(a));
    }

    private static void assertDisjoint(SnapshotDelta d) {
        Set<String> deleted = new HashSet<>(d.deletedPaths());
        d.upsertedNodes().forEach(n -> assertEquals(false, deleted.contains(n.path()), n.path()));
        Set<Long> deletedAcls = new HashSet<>(d.deletedAcls());
        d.upsertedAcls().keySet().forEach(r -> assertEquals(false, deletedAcls.contains(r)));
        Set<Long> deletedSessions = new HashSet<>(d.deletedSessions());
        d.upsertedSessions().keySet().forEach(s -> assertEquals(false, deletedSessions.contains(s)));
    }
}
