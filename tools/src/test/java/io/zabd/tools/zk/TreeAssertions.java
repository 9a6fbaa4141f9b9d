package io.zabd.tools.zk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/** Compares what a client saw with what the reader rebuilt, field by field. */
final class TreeAssertions {
    private TreeAssertions() {}

    /** The Stat a ZooKeeper client would see for a persisted node with this many children. */
    static Stat clientStat(NodeImage n, int numChildren) {
        StatPersisted s = n.stat();
        long owner = SimpleReplayTree.isSessionOwner(s.ephemeralOwner()) ? s.ephemeralOwner() : 0;
        return new Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion() * 2 - numChildren,
                s.aversion(), owner, n.data() == null ? 0 : n.data().length, numChildren, s.pzxid());
    }

    static Map<String, Integer> childCounts(Map<String, NodeImage> nodes) {
        Map<String, Integer> counts = new HashMap<>();
        for (String path : nodes.keySet()) {
            if (!path.equals("/")) {
                counts.merge(ZkPaths.parent(path), 1, Integer::sum);
            }
        }
        return counts;
    }

    static List<Acl> ours(List<ACL> acl) {
        return acl.stream().map(a -> new Acl(a.getPerms(), a.getId().getScheme(), a.getId().getId())).toList();
    }

    /** Every node the client saw is in {@code state} with equal data, Stat and ACL, and there are no others. */
    static void assertSameTree(Map<String, Workload.Seen> expected, ZkState state) {
        Map<String, Integer> counts = childCounts(state.nodes());
        assertEquals(expected.keySet(), state.nodes().keySet(), "set of paths");
        for (Map.Entry<String, Workload.Seen> e : expected.entrySet()) {
            NodeImage n = state.nodes().get(e.getKey());
            assertNotNull(n, e.getKey());
            assertArrayEquals(e.getValue().data(), n.data(), "data of " + e.getKey());
            assertEquals(e.getValue().stat(), clientStat(n, counts.getOrDefault(n.path(), 0)), "stat of " + e.getKey());
            assertEquals(ours(e.getValue().acl()), state.aclOf(n), "acl of " + e.getKey());
        }
    }
}
