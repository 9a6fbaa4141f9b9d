package io.zabd.tools.zk;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * A scripted workload through the official client that touches every part of the data-dir format:
 * every create mode, null and empty data, setData, deletes, succeeding and failing multis, a failed
 * single write (an error txn), digest ACLs, several sessions (one closed with ephemerals, two left
 * open), and enough writes to make the server roll logs and take several (fuzzy) snapshots.
 */
final class Workload {
    static final String MARKER = "payload-marker-0123456789";
    static final int BULK_NODES = 240;

    /** What a client saw of one znode. */
    record Seen(byte[] data, Stat stat, List<ACL> acl) {}

    /** Sessions the workload left open, and the one it closed. */
    record Sessions(long openA, long openB, long closed) {}

    private Workload() {}

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Sessions run(RealZooKeeper zk, ZooKeeper a, ZooKeeper b) throws Exception {
        List<ACL> open = ZooDefs.Ids.OPEN_ACL_UNSAFE;
        b.addAuthInfo("digest", bytes("alice:secret"));
        a.create("/app", bytes("app-v0"), open, CreateMode.PERSISTENT);
        a.create("/app/config", bytes("x"), open, CreateMode.PERSISTENT);
        a.create("/marker", bytes(MARKER), open, CreateMode.PERSISTENT);
        List<String> seq = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seq.add(a.create("/app/seq-", bytes("s" + i), open, CreateMode.PERSISTENT_SEQUENTIAL));
        }
        a.create("/app/eph-a", bytes("held by a"), open, CreateMode.EPHEMERAL);
        b.create("/app/eph-b-", bytes("held by b"), open, CreateMode.EPHEMERAL_SEQUENTIAL);
        a.create("/app/nulldata", null, open, CreateMode.PERSISTENT);
        a.create("/app/empty", new byte[0], open, CreateMode.PERSISTENT);
        a.create("/containers", new byte[0], open, CreateMode.PERSISTENT);
        a.create("/containers/c1", bytes("container"), open, CreateMode.CONTAINER);
        a.create("/containers/c1/child", bytes("kid"), open, CreateMode.PERSISTENT);
        a.create("/ttl", new byte[0], open, CreateMode.PERSISTENT);
        a.create("/ttl/t1", bytes("ttl"), open, CreateMode.PERSISTENT_WITH_TTL, new Stat(), 3_600_000L);
        a.create("/ttl/s-", bytes("ttl seq"), open, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, new Stat(), 7_200_000L);
        a.create("/withstat", bytes("create2"), open, CreateMode.PERSISTENT, new Stat());
        b.create("/secure", bytes("mine"), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        List<ACL> digestAcl = new ArrayList<>(List.of(
                new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest("alice:secret"))),
                new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)));
        a.setACL("/app/config", digestAcl, -1);
        b.setData("/app/config", bytes("changed by alice"), -1);
        for (int i = 1; i <= 5; i++) {
            a.setData("/app", bytes("app-v" + i), i - 1);
        }
        a.delete(seq.get(0), -1);
        a.multi(List.of(
                Op.create("/multi", bytes("m"), open, CreateMode.PERSISTENT),
                Op.create("/multi/a", bytes("ma"), open, CreateMode.PERSISTENT),
                Op.setData("/app", bytes("app-multi"), 5),
                Op.check("/app", 6),
                Op.delete(seq.get(1), -1)));
        assertThrows(KeeperException.BadVersionException.class, () -> a.multi(List.of(
                Op.create("/multi/b", bytes("never"), open, CreateMode.PERSISTENT),
                Op.check("/app", 999))));
        assertThrows(KeeperException.NodeExistsException.class,
                () -> a.create("/app", bytes("again"), open, CreateMode.PERSISTENT));
        long closed;
        try (ZooKeeper c = zk.client()) {
            closed = c.getSessionId();
            c.create("/app/eph-c1", bytes("c1"), open, CreateMode.EPHEMERAL);
            c.create("/app/eph-c2", bytes("c2"), open, CreateMode.EPHEMERAL);
        }
        bulk(a, open);
        a.setData("/marker", bytes(MARKER), -1);
        return new Sessions(a.getSessionId(), b.getSessionId(), closed);
    }

    /** Enough small writes to roll logs and take snapshots with a small snapCount. */
    private static void bulk(ZooKeeper a, List<ACL> open) throws Exception {
        a.create("/bulk", new byte[0], open, CreateMode.PERSISTENT);
        for (int i = 0; i < BULK_NODES; i++) {
            a.create("/bulk/n-" + i, bytes("payload " + i + " ".repeat(i % 50)), open, CreateMode.PERSISTENT);
            if (i % 2 == 0) {
                a.setData("/bulk/n-" + i, bytes("updated " + i), -1);
            }
            if (i % 3 == 0) {
                a.delete("/bulk/n-" + i, -1);
            }
        }
    }

    /** Every znode as the client sees it: data, Stat and ACL. */
    static Map<String, Seen> capture(ZooKeeper zk) throws Exception {
        Map<String, Seen> out = new TreeMap<>();
        List<String> todo = new ArrayList<>(List.of("/"));
        while (!todo.isEmpty()) {
            String path = todo.remove(todo.size() - 1);
            Stat stat = new Stat();
            byte[] data = zk.getData(path, false, stat);
            List<ACL> acl = zk.getACL(path, new Stat());
            out.put(path, new Seen(data, stat, acl));
            for (String child : zk.getChildren(path, false)) {
                todo.add(path.equals("/") ? "/" + child : path + "/" + child);
            }
        }
        return out;
    }
}
