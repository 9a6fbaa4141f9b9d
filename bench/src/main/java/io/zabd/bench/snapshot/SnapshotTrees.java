package io.zabd.bench.snapshot;

import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Zxid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded synthetic trees for the snapshot benchmarks: {@code /app/sNNN/nNNNNN} with about
 * {@value #DATA_BYTES} bytes of data per node and plausible stats (increasing zxids, millisecond
 * times, small versions, one node in twenty ephemeral).
 */
final class SnapshotTrees {
    static final int DATA_BYTES = 100;
    static final int CHILDREN_PER_SERVICE = 1000;
    static final long EPOCH = 1;
    static final long START_TIME_MS = 1_764_000_000_000L;

    private SnapshotTrees() {}

    /** {@code nodeCount} leaf nodes plus their ancestors, parents first. */
    static List<NodeImage> tree(int nodeCount, long seed) {
        Random random = new Random(seed);
        List<NodeImage> nodes = new ArrayList<>(nodeCount + nodeCount / CHILDREN_PER_SERVICE + 3);
        long counter = 1;
        nodes.add(node(random, "/", counter++, 0));
        nodes.add(node(random, "/app", counter++, 0));
        int services = (nodeCount + CHILDREN_PER_SERVICE - 1) / CHILDREN_PER_SERVICE;
        int leaf = 0;
        for (int s = 0; s < services; s++) {
            String service = String.format("/app/s%03d", s);
            nodes.add(node(random, service, counter++, 0));
            for (int n = 0; n < CHILDREN_PER_SERVICE && leaf < nodeCount; n++, leaf++) {
                nodes.add(node(random, String.format("%s/n%05d", service, n), counter++, 0));
            }
        }
        return nodes;
    }

    private static NodeImage node(Random random, String path, long counter, int version) {
        byte[] data = new byte[DATA_BYTES];
        random.nextBytes(data);
        long zxid = Zxid.of(EPOCH, counter);
        long owner = random.nextInt(20) == 0 ? 0x100_0000_0000_0000L | random.nextInt(10_000) : 0;
        StatPersisted stat = new StatPersisted(zxid, zxid, START_TIME_MS + counter, START_TIME_MS + counter, version,
                random.nextInt(4), 0, owner, zxid);
        return new NodeImage(path, data, 1, stat);
    }

    /** A full delta of {@code tree} at {@code zxid}. */
    static SnapshotDelta full(List<NodeImage> tree, long zxid) {
        return new SnapshotDelta(zxid, zxid, true, tree, List.of(), Map.of(1L, Acl.OPEN_ACL_UNSAFE), List.of(),
                Map.of(0x100_0000_0000_0001L, 30_000), List.of());
    }

    /** A delta that sets new data on {@code changes} distinct random nodes of {@code tree}, at {@code zxid}. */
    static SnapshotDelta setData(List<NodeImage> tree, int changes, long zxid, Random random) {
        List<NodeImage> changed = new ArrayList<>(changes);
        java.util.BitSet picked = new java.util.BitSet(tree.size());
        while (changed.size() < changes) {
            int i = random.nextInt(tree.size());
            if (picked.get(i)) {
                continue;
            }
            picked.set(i);
            NodeImage old = tree.get(i);
            byte[] data = new byte[DATA_BYTES];
            random.nextBytes(data);
            StatPersisted s = old.stat();
            StatPersisted stat = new StatPersisted(s.czxid(), zxid, s.ctime(), START_TIME_MS + Zxid.counter(zxid),
                    s.version() + 1, s.cversion(), s.aversion(), s.ephemeralOwner(), s.pzxid());
            changed.add(new NodeImage(old.path(), data, old.aclRef(), stat));
        }
        return new SnapshotDelta(zxid, zxid, false, changed, List.of(), Map.of(), List.of(), Map.of(), List.of());
    }
}
