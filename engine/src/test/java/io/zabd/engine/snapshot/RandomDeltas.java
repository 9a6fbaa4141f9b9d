package io.zabd.engine.snapshot;

import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.tree.StatPersisted;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Zxid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Seeded generator of a plausible delta history: a full first delta, then deltas that create
 * children of existing nodes, set data, delete leaves, and change ACL entries and sessions. Names
 * include characters that sort around '/' ('-', '.', '0') and non-ASCII ones, so key order is
 * exercised. The same seed always yields the same deltas (the crash test's child and parent rely on it).
 */
final class RandomDeltas {
    private static final String[] NAME_PARTS = {"a", "b", "a-b", "a.b", "a0", "ab", "z", "é", "ü", "𝄞", "n"};

    private final Random random;
    private final List<String> paths = new ArrayList<>();
    private final Map<String, Integer> childCounts = new HashMap<>();
    private long counter;

    RandomDeltas(long seed) {
        this.random = new Random(seed);
    }

    long nextZxid() {
        return Zxid.of(1, counter + 1);
    }

    /** The first delta: a full tree of about {@code nodeCount} nodes plus ACLs and sessions. */
    SnapshotDelta full(int nodeCount) {
        Changes c = new Changes();
        paths.clear();
        childCounts.clear();
        long zxid = Zxid.of(1, ++counter);
        c.upsert(add("/", zxid));
        c.upsert(add("/zookeeper", zxid));
        while (c.nodes.size() < nodeCount) {
            createChild(c, zxid);
        }
        for (int i = 0; i < 5; i++) {
            c.acls.put((long) i + 1, randomAcl());
            c.sessions.put(randomSessionId(), 1000 + random.nextInt(30_000));
        }
        return c.toDelta(zxid, true, random.nextLong());
    }

    /** The next incremental delta, with 1 to {@code maxChanges} changes. */
    SnapshotDelta next(int maxChanges) {
        Changes c = new Changes();
        long zxid = Zxid.of(1, ++counter);
        int n = 1 + random.nextInt(maxChanges);
        for (int i = 0; i < n; i++) {
            int op = random.nextInt(10);
            if (op < 4) {
                createChild(c, zxid);
            } else if (op < 6) {
                setData(c, zxid);
            } else if (op < 8) {
                deleteLeaf(c);
            } else if (op < 9) {
                long ref = 1 + random.nextInt(12);
                if (random.nextBoolean()) {
                    c.acls.put(ref, randomAcl());
                    c.deletedAcls.remove(ref);
                } else {
                    c.acls.remove(ref);
                    c.deletedAcls.add(ref);
                }
            } else {
                long id = randomSessionId();
                if (random.nextBoolean()) {
                    c.sessions.put(id, 1000 + random.nextInt(30_000));
                    c.deletedSessions.remove(id);
                } else {
                    c.sessions.remove(id);
                    c.deletedSessions.add(id);
                }
            }
        }
        return c.toDelta(zxid, false, random.nextLong());
    }

    private long randomSessionId() {
        // high byte is the server id in ZooKeeper; include ids with the sign bit set
        return ((long) random.nextInt(4) * 0x7F_0000_0000_0000L) | random.nextInt(16);
    }

    private List<Acl> randomAcl() {
        List<Acl> acl = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            acl.add(new Acl(1 + random.nextInt(Acl.ALL), random.nextBoolean() ? "digest" : "ip",
                    "id" + random.nextInt(100)));
        }
        return acl;
    }

    private NodeImage add(String path, long zxid) {
        paths.add(path);
        childCounts.put(path, 0);
        if (!path.equals("/")) {
            childCounts.merge(parentOf(path), 1, Integer::sum);
        }
        return image(path, zxid, zxid, 0);
    }

    private NodeImage image(String path, long czxid, long mzxid, int version) {
        byte[] data = random.nextInt(10) == 0 ? null : new byte[random.nextInt(64)];
        if (data != null) {
            random.nextBytes(data);
        }
        long owner = random.nextInt(5) == 0 ? randomSessionId() : 0;
        StatPersisted stat = new StatPersisted(czxid, mzxid, 1_700_000_000_000L + czxid, 1_700_000_000_000L + mzxid,
                version, random.nextInt(100), random.nextInt(3), owner, mzxid);
        return new NodeImage(path, data, random.nextInt(4) == 0 ? -1 : 1 + random.nextInt(12), stat);
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    private void createChild(Changes c, long zxid) {
        String parent = paths.get(random.nextInt(paths.size()));
        String name = NAME_PARTS[random.nextInt(NAME_PARTS.length)] + random.nextInt(20);
        String path = parent.equals("/") ? "/" + name : parent + "/" + name;
        if (childCounts.containsKey(path)) {
            return;
        }
        c.upsert(add(path, zxid));
    }

    private void setData(Changes c, long zxid) {
        String path = paths.get(random.nextInt(paths.size()));
        c.upsert(image(path, zxid - 1, zxid, random.nextInt(1000)));
    }

    private void deleteLeaf(Changes c) {
        for (int attempt = 0; attempt < 5; attempt++) {
            int i = random.nextInt(paths.size());
            String path = paths.get(i);
            if (path.equals("/") || path.equals("/zookeeper") || childCounts.get(path) != 0) {
                continue;
            }
            paths.set(i, paths.get(paths.size() - 1));
            paths.remove(paths.size() - 1);
            childCounts.remove(path);
            childCounts.merge(parentOf(path), -1, Integer::sum);
            c.nodes.remove(path);
            c.deletedPaths.add(path);
            return;
        }
    }

    /** The changes of one delta, disjoint as the apply stage produces them. */
    private static final class Changes {
        final Map<String, NodeImage> nodes = new LinkedHashMap<>();
        final Set<String> deletedPaths = new LinkedHashSet<>();
        final Map<Long, List<Acl>> acls = new LinkedHashMap<>();
        final Set<Long> deletedAcls = new LinkedHashSet<>();
        final Map<Long, Integer> sessions = new LinkedHashMap<>();
        final Set<Long> deletedSessions = new LinkedHashSet<>();

        void upsert(NodeImage n) {
            deletedPaths.remove(n.path());
            nodes.put(n.path(), n);
        }

        SnapshotDelta toDelta(long zxid, boolean full, long digest) {
            return new SnapshotDelta(zxid, digest, full, new ArrayList<>(nodes.values()), new ArrayList<>(deletedPaths),
                    acls, new ArrayList<>(deletedAcls), sessions, new ArrayList<>(deletedSessions));
        }
    }
}
