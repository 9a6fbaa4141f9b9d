package io.zabd.engine.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree.ProcessTxnResult;
import org.apache.zookeeper.server.TxnLogEntry;
import org.apache.zookeeper.server.util.SerializeUtils;
import org.junit.jupiter.api.Test;

/**
 * Goal: our DataTree applies transactions exactly as Apache ZooKeeper 3.9's own DataTree does. The
 * differential workload's txns (through our codec, which shares ZooKeeper's jute layouts) are fed to
 * {@code org.apache.zookeeper.server.DataTree.processTxn} too, and after every txn the results
 * (error, path, Stat, multi sub-results) and every node (all Stat fields, data, children, ACL) and
 * every session's ephemerals must agree, and so must the created/deleted/data-changed events a
 * persistent recursive watch on "/" receives (ZooKeeper's recursive watches skip
 * NodeChildrenChanged). Not compared: the digest (different scheme by design) and
 * the data of quota nodes (ZooKeeper drops nested quotas from its trie when a parent quota is
 * removed; we keep quota paths equal to the limit nodes present, see tree.md).
 */
class ZooKeeperOracleTest {
    private static final int OPS_PER_SEED = 800;

    @Test
    void applyMatchesApacheZooKeeperDataTree() {
        runSeeds(1);
    }

    /**
     * TTL nodes need ZooKeeper's JVM-wide {@code zookeeper.extendedTypesEnabled}; it is set only for
     * this test's duration (test classes run one after another in the fork) and cleared after.
     */
    @Test
    void applyWithTtlNodesMatchesApacheZooKeeperDataTree() {
        String key = "zookeeper.extendedTypesEnabled";
        System.setProperty(key, "true");
        try {
            runSeeds(2);
        } finally {
            System.clearProperty(key);
        }
    }

    /** Seeds first, first + 2, ...: odd seeds run with extended types off, even ones on (see DifferentialRun). */
    private static void runSeeds(long first) {
        for (long seed = first; seed <= first + 10; seed += 2) {
            DifferentialRun run = new DifferentialRun(seed, new HashSet<>());
            org.apache.zookeeper.server.DataTree zk = new org.apache.zookeeper.server.DataTree();
            List<WatchTrigger> events = new ArrayList<>();
            zk.addWatch("/", e -> events.add(new WatchTrigger(e.getType().getIntValue(), e.getPath())), 1);
            long s = seed;
            run.withApplyListener((txn, ours) -> {
                events.clear();
                ProcessTxnResult theirs = processInZooKeeper(zk, txn);
                String where = "seed " + s + " zxid 0x" + Long.toHexString(txn.zxid()) + " " + txn;
                compareResult(theirs, ours, where);
                compareTrees(zk, run.tree(), where);
                // a persistent recursive watch on "/" sees every created/deleted/data-changed event, in order
                List<WatchTrigger> mine = new ArrayList<>(ours.triggers());
                mine.removeIf(t -> t.eventType() == WatchTrigger.NODE_CHILDREN_CHANGED);
                assertEquals(events, mine, where + " watch events");
            });
            run.run(OPS_PER_SEED);
        }
    }

    private static ProcessTxnResult processInZooKeeper(org.apache.zookeeper.server.DataTree zk, Txn txn) {
        if (txn.body() instanceof TxnBody.CheckVersion c) {
            // ZooKeeper 3.9.5's SerializeUtils cannot read a standalone check txn back ("Unsupported Txn with type=13")
            io.zabd.engine.txn.TxnHeader h = txn.header();
            return zk.processTxn(new org.apache.zookeeper.txn.TxnHeader(h.sessionId(), h.cxid(), h.zxid(), h.timeMs(),
                    h.type()), new org.apache.zookeeper.txn.CheckVersionTxn(c.path(), c.version()));
        }
        try {
            TxnLogEntry entry = SerializeUtils.deserializeTxn(TxnCodec.toBytes(txn));
            return zk.processTxn(entry.getHeader(), entry.getTxn());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compareResult(ProcessTxnResult theirs, ApplyResult ours, String where) {
        assertEquals(theirs.err, ours.err(), where + " err");
        assertEquals(theirs.path, ours.path(), where + " path");
        assertEquals(theirs.stat == null ? null : toStat(theirs.stat), ours.stat(), where + " stat");
        if (theirs.multiResult == null) {
            assertEquals(null, ours.multiResults(), where);
            return;
        }
        assertEquals(theirs.multiResult.size(), ours.multiResults().size(), where);
        for (int i = 0; i < theirs.multiResult.size(); i++) {
            compareResult(theirs.multiResult.get(i), ours.multiResults().get(i), where + " sub " + i);
        }
    }

    private static Stat toStat(org.apache.zookeeper.data.Stat s) {
        return new Stat(s.getCzxid(), s.getMzxid(), s.getCtime(), s.getMtime(), s.getVersion(), s.getCversion(),
                s.getAversion(), s.getEphemeralOwner(), s.getDataLength(), s.getNumChildren(), s.getPzxid());
    }

    private static void compareTrees(org.apache.zookeeper.server.DataTree zk, DataTree ours, String where) {
        assertEquals(zk.getNodeCount(), ours.nodeCount() + 1, where + " node count (ZooKeeper counts its root alias)");
        assertEquals(zk.approximateDataSize(), ours.approximateDataSize(), where + " approximate data size");
        assertEquals(zk.getAllChildrenNumber("/"), ours.getAllChildrenNumber("/"), where);
        List<String> paths = new ArrayList<>();
        collect(ours, "/", paths);
        for (String path : paths) {
            NodeView mine = ours.getNode(path);
            DataNode theirs = zk.getNode(path);
            assertNotNull(theirs, where + " ZooKeeper lacks " + path);
            org.apache.zookeeper.data.Stat st = new org.apache.zookeeper.data.Stat();
            theirs.copyStat(st);
            assertEquals(toStat(st), mine.stat(), where + " stat of " + path);
            if (!path.startsWith("/zookeeper/quota/")) {
                assertArrayEquals(theirs.getData(), mine.data(), where + " data of " + path);
            }
            assertEquals(new ArrayList<>(new TreeSet<>(theirs.getChildren())), mine.children(), where + " children of " + path);
            List<Acl> acl = new ArrayList<>();
            for (ACL a : zk.getACL(theirs)) {
                acl.add(new Acl(a.getPerms(), a.getId().getScheme(), a.getId().getId()));
            }
            assertEquals(acl, mine.acl(), where + " ACL of " + path);
        }
        for (long session : zk.getSessions()) {
            assertEquals(new ArrayList<>(new TreeSet<>(zk.getEphemerals(session))), ours.getEphemerals(session),
                    where + " ephemerals of 0x" + Long.toHexString(session));
        }
        assertEquals(zk.getTtls().size(), countOwners(ours, paths, true), where + " TTL nodes");
        assertEquals(zk.getContainers().size(), countOwners(ours, paths, false), where + " containers");
    }

    private static int countOwners(DataTree ours, List<String> paths, boolean ttl) {
        int n = 0;
        for (String p : paths) {
            EphemeralOwner.Kind kind = EphemeralOwner.kind(ours.nodeRecord(p).stat().ephemeralOwner(),
                    ours.extendedTypesEnabled());
            if (kind == (ttl ? EphemeralOwner.Kind.TTL : EphemeralOwner.Kind.CONTAINER)) {
                n++;
            }
        }
        return n;
    }

    private static void collect(DataTree tree, String path, List<String> out) {
        out.add(path);
        for (String child : tree.getChildren(path)) {
            collect(tree, path.equals("/") ? "/" + child : path + "/" + child, out);
        }
    }
}
