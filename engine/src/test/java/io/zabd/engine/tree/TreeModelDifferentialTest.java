package io.zabd.engine.tree;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Goal: prep + apply on the real DataTree/TxnPrep give exactly what a naive map-based model of
 * ZooKeeper's semantics gives — same txns and error codes, same apply results (paths, every Stat
 * field, triggers, multi sub-results) and the same whole state (data, ACLs, stats, children,
 * sessions, ephemerals, containers, TTLs, ACL table size, data size, digest) after every applied
 * txn — over seeded random sequences with pipelined (prepared but not yet applied) requests.
 * A failing seed is named in the assertion message and replays exactly.
 */
class TreeModelDifferentialTest {
    private static final int SEEDS = 24;
    private static final int OPS_PER_SEED = 1500;

    @Test
    void realTreeMatchesNaiveModelOnRandomOperationSequences() {
        Set<String> seen = new HashSet<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                new DifferentialRun(seed, seen).run(OPS_PER_SEED);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
        // the generator must reach every outcome the comparison is meant to cover
        for (int code : new int[] {KeeperCode.OK, KeeperCode.NONODE, KeeperCode.NODEEXISTS, KeeperCode.NOTEMPTY,
            KeeperCode.BADVERSION, KeeperCode.NOAUTH, KeeperCode.INVALIDACL, KeeperCode.BADARGUMENTS,
            KeeperCode.NOCHILDRENFOREPHEMERALS, KeeperCode.SESSIONEXPIRED, KeeperCode.UNIMPLEMENTED,
            KeeperCode.QUOTAEXCEEDED}) {
            assertTrue(seen.contains("err " + KeeperCode.name(code)), () -> "never saw " + KeeperCode.name(code) + ": " + seen);
        }
        for (String outcome : List.of("multi failed", "multi ok", "closeSession deleted ephemerals",
                "deleteContainer ok", "sequential created", "ttl created", "container created", "pipelined")) {
            assertTrue(seen.contains(outcome), () -> "never saw " + outcome + ": " + seen);
        }
    }
}
