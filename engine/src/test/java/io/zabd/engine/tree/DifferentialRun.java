package io.zabd.engine.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.tree.NaiveTreeModel.MNode;
import io.zabd.engine.tree.prep.AuthId;
import io.zabd.engine.tree.prep.Caller;
import io.zabd.engine.tree.prep.PrepConfig;
import io.zabd.engine.tree.prep.PrepResult;
import io.zabd.engine.tree.prep.TxnPrep;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * One seeded differential run: random write requests through {@link TxnPrep} + {@link DataTree} and
 * through the naive model, compared after every step (see {@link TreeModelDifferentialTest}). An
 * optional listener sees every applied txn with the real tree's result (for the ZooKeeper oracle).
 */
final class DifferentialRun {
    private static final String[] NAMES = {"a", "b", "c"};
    private static final String[] BAD_PATHS = {"", "a", "/a/", "/a//b", "/a/.", "/a/..", "/", "/zookeeper",
        "/zookeeper/quota", "/zookeeper/config", "/a\u0001", "/x\0y"};
    private static final String ALICE = "alice:" + "ksgq1RyCTQ2HAg2aOmWjaDvgGYE=";
    private static final String BOB = "bob:" + "W9kc8ZlELdTlMKq8dVvFDo8Q0uY=";
    private static final List<List<Acl>> ACLS = List.of(
            Acl.OPEN_ACL_UNSAFE, Acl.OPEN_ACL_UNSAFE, Acl.READ_ACL_UNSAFE,
            List.of(new Acl(Acl.ALL, "digest", ALICE)),
            List.of(new Acl(Acl.ALL, "auth", "")),
            List.of(new Acl(Acl.ALL, "ip", "10.0.0.0/8")),
            List.of(new Acl(Acl.READ, "world", "anyone"), new Acl(Acl.ALL, "digest", BOB)),
            List.of(new Acl(Acl.CREATE | Acl.DELETE, "world", "anyone")),
            List.of(new Acl(Acl.ALL, "world", "bob")),
            List.of(new Acl(Acl.ALL, "digest", "bad")),
            List.of(new Acl(Acl.ALL, "ip", "300.0.0.1")),
            List.of(new Acl(Acl.ALL, "ip", "10.0.0.0/40")),
            List.of());

    private final long seed;
    private final Random random;
    private final PrepConfig config;
    private final DataTree tree;
    private final TxnPrep prep;
    private final NaiveTreeModel model;
    private final NaiveModelPrep modelPrep;
    private final List<Txn> pending = new ArrayList<>();
    private final Map<Long, Caller> callers = new HashMap<>();
    private long zxid = 0x1_0000_0000L;
    private long time = 1_700_000_000_000L;
    private int cxid;
    private int step;
    private final Set<String> seen;
    private java.util.function.BiConsumer<Txn, ApplyResult> applyListener = (txn, result) -> { };

    DifferentialRun withApplyListener(java.util.function.BiConsumer<Txn, ApplyResult> listener) {
        this.applyListener = listener;
        return this;
    }

    DataTree tree() {
        return tree;
    }

    boolean extendedTypesEnabled() {
        return config.extendedTypesEnabled();
    }

    DifferentialRun(long seed, Set<String> seen) {
        this.seen = seen;
        this.seed = seed;
        this.random = new Random(seed);
        this.config = new PrepConfig(seed % 2 == 0, seed % 3 == 0, true, Set.of());
        this.tree = new DataTree(config.extendedTypesEnabled());
        this.prep = new TxnPrep(tree, config);
        this.model = new NaiveTreeModel(config.extendedTypesEnabled());
        this.modelPrep = new NaiveModelPrep(config);
        for (int i = 0; i < 6; i++) {
            long id = 0x0100_0000_0000_0000L + i;
            List<AuthId> ids = switch (i % 4) {
                case 1 -> List.of(new AuthId("digest", ALICE));
                case 3 -> List.of(new AuthId("digest", BOB));
                default -> List.of();
            };
            String ip = i % 4 == 1 ? "10.0.0.5" : i % 4 == 3 ? "192.168.1.7" : "127.0.0.1";
            callers.put(id, new Caller(id, 0, ids, ip, i % 4 == 2));
        }
    }

    void run(int ops) {
        for (long id : new ArrayList<>(callers.keySet())) {
            if (random.nextInt(3) > 0) {
                submit(new WriteRequest.CreateSession(5000 + random.nextInt(1000)), id);
            }
        }
        applyAll();
        for (step = 0; step < ops; step++) {
            long session = pickSession();
            submit(randomRequest(session), session);
            if (random.nextInt(10) < 6) {
                applyAll();
            } else if (pending.size() > 6) {
                applySome(random.nextInt(pending.size()) + 1);
            }
        }
        applyAll();
        captureInto(store, random.nextBoolean());
        checkRebuildFromStore();
    }

    /** A stand-in for the snapshot store: deltas merged into maps, as the RocksDB column families would hold them. */
    private final SimulatedStore store = new SimulatedStore();

    private void captureInto(SimulatedStore s, boolean full) {
        s.merge(tree.captureDelta(tree.lastProcessedZxid(), full));
    }

    private void checkRebuildFromStore() {
        TreeLoader loader = DataTree.loader(config.extendedTypesEnabled());
        store.replay(loader);
        DataTree rebuilt = loader.tree();
        assertEquals(tree.digest(), rebuilt.digest(), () -> where() + " rebuilt digest");
        assertEquals(tree.nodeCount(), rebuilt.nodeCount(), () -> where() + " rebuilt node count");
        for (String path : model.nodes.keySet()) {
            NodeView a = tree.getNode(path);
            NodeView b = rebuilt.getNode(path);
            assertArrayEquals(a.data(), b.data());
            assertEquals(a.stat(), b.stat(), () -> where() + " rebuilt stat of " + path);
            assertEquals(a.acl(), b.acl());
            assertEquals(a.children(), b.children());
        }
        assertEquals(tree.sessions(), rebuilt.sessions());
        assertEquals(tree.aclTableSize(), rebuilt.aclTableSize(), () -> where() + " rebuilt ACL table");
        assertEquals(tree.containerCandidates(), rebuilt.containerCandidates());
        assertEquals(tree.expiredTtlNodes(time), rebuilt.expiredTtlNodes(time));
        for (long id : callers.keySet()) {
            assertEquals(tree.getEphemerals(id), rebuilt.getEphemerals(id));
        }
        for (String q : List.of("/a", "/b", "/a/b", "/a/b/c")) {
            assertEquals(tree.maxPrefixWithQuota(q), rebuilt.maxPrefixWithQuota(q), () -> where() + " quota of " + q);
        }
    }

    private long pickSession() {
        List<Long> ids = new ArrayList<>(callers.keySet());
        ids.sort(null);
        return ids.get(random.nextInt(ids.size()));
    }

    private void submit(WriteRequest request, long session) {
        zxid++;
        time += random.nextInt(2000);
        Caller base = callers.get(session);
        Caller caller = new Caller(session, ++cxid, base.authIds(), base.peerIp(), base.superUser());
        PrepResult mine = prep.prep(request, caller, zxid, time);
        PrepResult expected = modelPrep.prep(model, pending, request, caller, zxid, time);
        assertEquals(expected, mine, () -> where() + " prep of " + request);
        record(request, mine);
        pending.add(mine.txn());
    }

    private void record(WriteRequest request, PrepResult r) {
        seen.add("err " + KeeperCode.name(r.err()));
        if (!pending.isEmpty()) {
            seen.add("pipelined");
        }
        if (request instanceof WriteRequest.Multi) {
            seen.add(r.ok() ? "multi ok" : "multi failed");
        }
        if (r.txn().body() instanceof io.zabd.engine.txn.TxnBody.CloseSession c && !c.paths2Delete().isEmpty()) {
            seen.add("closeSession deleted ephemerals");
        }
        if (r.ok() && request instanceof WriteRequest.DeleteContainer) {
            seen.add("deleteContainer ok");
        }
        if (r.ok() && request instanceof WriteRequest.Create c) {
            seen.add(c.flags() == 2 || c.flags() == 3 || c.flags() == 6 ? "sequential created"
                    : c.flags() == 4 ? "container created" : c.flags() == 5 ? "ttl created" : "created");
        }
    }

    private void applyAll() {
        applySome(pending.size());
    }

    private void applySome(int n) {
        for (int i = 0; i < n; i++) {
            Txn txn = pending.remove(0);
            ApplyResult expected = model.apply(txn);
            ApplyResult actual = tree.apply(txn);
            prep.applied(txn.zxid());
            assertEquals(expected, actual, () -> where() + " apply of " + txn);
            compareState();
            applyListener.accept(txn, actual);
            if (random.nextInt(50) == 0) {
                captureInto(store, random.nextInt(8) == 0);
            }
        }
    }

    private String where() {
        return "step " + step + " zxid 0x" + Long.toHexString(zxid);
    }

    // -------------------------------------------------------- generator

    private WriteRequest randomRequest(long session) {
        int r = random.nextInt(100);
        if (r < 30) {
            return randomCreate();
        } else if (r < 44) {
            return new WriteRequest.Delete(somePath(), someVersion());
        } else if (r < 58) {
            return new WriteRequest.SetData(somePath(), someData(), someVersion());
        } else if (r < 65) {
            return new WriteRequest.SetAcl(somePath(), someAcl(), random.nextInt(4) == 0 ? 0 : -1);
        } else if (r < 70) {
            return new WriteRequest.Check(somePath(), someVersion());
        } else if (r < 81) {
            return randomMulti();
        } else if (r < 84) {
            return new WriteRequest.CreateSession(4000 + random.nextInt(100));
        } else if (r < 88) {
            return new WriteRequest.CloseSession();
        } else if (r < 92) {
            return new WriteRequest.DeleteContainer(containerTarget());
        }
        return quotaOp();
    }

    private WriteRequest randomCreate() {
        int kind = random.nextInt(20);
        String path = random.nextInt(15) == 0 ? BAD_PATHS[random.nextInt(BAD_PATHS.length)]
                : random.nextInt(10) == 0 ? withSlash(existingPath()) : childOf(existingPath());
        byte[] data = someData();
        List<Acl> acl = someAcl();
        if (kind == 0) {
            return new WriteRequest.Create(OpCode.CREATE_CONTAINER, path, data, acl, 4, -1);
        } else if (kind == 1) {
            int flags = random.nextInt(5) == 0 ? 0 : 5 + random.nextInt(2);
            long ttl = random.nextInt(6) == 0 ? 0 : 1 + random.nextInt(5000);
            return new WriteRequest.Create(OpCode.CREATE_TTL, path, data, acl, flags, ttl);
        } else if (kind == 2) {
            return new WriteRequest.Create(OpCode.CREATE, path, data, acl, random.nextInt(9) - 1, -1);
        }
        int op = random.nextBoolean() ? OpCode.CREATE : OpCode.CREATE2;
        return new WriteRequest.Create(op, path, data, acl, random.nextInt(4), -1);
    }

    private WriteRequest randomMulti() {
        int n = 1 + random.nextInt(4);
        List<WriteRequest> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int r = random.nextInt(4);
            ops.add(switch (r) {
                case 0 -> new WriteRequest.Create(random.nextBoolean() ? OpCode.CREATE : OpCode.CREATE2,
                        childOf(existingPath()), someData(), someAcl(), random.nextInt(4), -1);
                case 1 -> new WriteRequest.Delete(somePath(), someVersion());
                case 2 -> new WriteRequest.SetData(somePath(), someData(), someVersion());
                default -> new WriteRequest.Check(somePath(), someVersion());
            });
        }
        return new WriteRequest.Multi(ops);
    }

    private String containerTarget() {
        List<String> candidates = new ArrayList<>(tree.containerCandidates());
        candidates.addAll(tree.expiredTtlNodes(time));
        if (!candidates.isEmpty() && random.nextBoolean()) {
            return candidates.get(random.nextInt(candidates.size()));
        }
        return somePath();
    }

    private WriteRequest quotaOp() {
        String q = List.of("/a", "/b", "/a/b").get(random.nextInt(3));
        String base = "/zookeeper/quota" + q;
        String missing = null;
        for (String p : List.of("/zookeeper/quota/a", base)) {
            if (!model.nodes.containsKey(p) && missing == null) {
                missing = p;
            }
        }
        if (missing != null) {
            return new WriteRequest.Create(OpCode.CREATE, missing, null, Acl.OPEN_ACL_UNSAFE, 0, -1);
        }
        String limits = base + "/zookeeper_limits";
        String stats = base + "/zookeeper_stats";
        String limitText = "count=-1,bytes=-1=;byteHardLimit=" + (20 + random.nextInt(40)) + ";countHardLimit="
                + (3 + random.nextInt(6));
        if (!model.nodes.containsKey(limits)) {
            return new WriteRequest.Create(OpCode.CREATE, limits, bytes(limitText), Acl.OPEN_ACL_UNSAFE, 0, -1);
        }
        if (!model.nodes.containsKey(stats)) {
            return new WriteRequest.Create(OpCode.CREATE, stats, bytes("junk"), Acl.OPEN_ACL_UNSAFE, 0, -1);
        }
        return random.nextInt(4) == 0 ? new WriteRequest.Delete(limits, -1)
                : new WriteRequest.SetData(limits, bytes(limitText), -1);
    }

    private String existingPath() {
        List<String> keys = new ArrayList<>(model.nodes.keySet());
        keys.removeIf(k -> k.startsWith("/zookeeper"));
        return keys.get(random.nextInt(keys.size()));
    }

    private static String withSlash(String parent) {
        return parent.equals("/") ? "/" : parent + "/";
    }

    private String childOf(String parent) {
        String name = NAMES[random.nextInt(NAMES.length)];
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    private String somePath() {
        int r = random.nextInt(20);
        if (r == 0) {
            return BAD_PATHS[random.nextInt(BAD_PATHS.length)];
        } else if (r < 4) {
            return childOf(existingPath());
        }
        return existingPath();
    }

    private int someVersion() {
        int r = random.nextInt(6);
        return r < 4 ? -1 : r == 4 ? 0 : 1;
    }

    private byte[] someData() {
        if (random.nextInt(10) == 0) {
            return null;
        }
        byte[] b = new byte[random.nextInt(9)];
        random.nextBytes(b);
        return b;
    }

    private List<Acl> someAcl() {
        return ACLS.get(random.nextInt(ACLS.size()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // -------------------------------------------------------- comparison

    private void compareState() {
        Map<String, List<String>> children = new TreeMap<>();
        for (String path : model.nodes.keySet()) {
            children.put(path, new ArrayList<>());
        }
        for (String path : model.nodes.keySet()) {
            if (!path.equals("/")) {
                children.get(NaiveTreeModel.parent(path)).add(path.substring(path.lastIndexOf('/') + 1));
            }
        }
        assertEquals(model.nodes.size(), tree.nodeCount(), () -> where() + " node count");
        Set<List<Acl>> distinctAcls = new HashSet<>();
        Map<Long, List<String>> ephemerals = new TreeMap<>();
        List<String> containers = new ArrayList<>();
        List<String> ttlExpired = new ArrayList<>();
        for (Map.Entry<String, MNode> e : model.nodes.entrySet()) {
            String path = e.getKey();
            MNode m = e.getValue();
            NodeView v = tree.getNode(path);
            assertNotNull(v, () -> where() + " missing " + path);
            List<String> kids = children.get(path);
            kids.sort(null);
            assertArrayEquals(m.data, v.data(), () -> where() + " data of " + path);
            assertEquals(model.clientStat(m.stat, m.data, kids.size()), v.stat(), () -> where() + " stat of " + path);
            assertEquals(m.acl == null ? Acl.OPEN_ACL_UNSAFE : m.acl, v.acl(), () -> where() + " acl of " + path);
            assertEquals(kids, v.children(), () -> where() + " children of " + path);
            if (m.acl != null) {
                distinctAcls.add(m.acl);
            }
            long owner = m.stat.ephemeralOwner();
            EphemeralOwner.Kind kind = model.kind(owner);
            if (kind == EphemeralOwner.Kind.NORMAL) {
                ephemerals.computeIfAbsent(owner, k -> new ArrayList<>()).add(path);
            } else if (kind == EphemeralOwner.Kind.CONTAINER && kids.isEmpty() && m.stat.cversion() > 0) {
                containers.add(path);
            } else if (kind == EphemeralOwner.Kind.TTL && kids.isEmpty()
                    && time - m.stat.mtime() > (owner & 0xFF_FFFF_FFFFL)) {
                ttlExpired.add(path);
            }
        }
        assertEquals(distinctAcls.size(), tree.aclTableSize(), () -> where() + " ACL table size");
        assertEquals(model.sessions, new TreeMap<>(tree.sessions()), () -> where() + " sessions");
        for (Map.Entry<Long, List<String>> e : ephemerals.entrySet()) {
            assertEquals(e.getValue(), tree.getEphemerals(e.getKey()), () -> where() + " ephemerals");
        }
        for (long id : callers.keySet()) {
            assertEquals(ephemerals.getOrDefault(id, List.of()), tree.getEphemerals(id), () -> where() + " ephemerals");
        }
        assertEquals(containers, tree.containerCandidates(), () -> where() + " container candidates");
        assertEquals(ttlExpired, tree.expiredTtlNodes(time), () -> where() + " expired TTL nodes");
        assertEquals(model.dataSize(), tree.approximateDataSize(), () -> where() + " data size");
        assertEquals(model.digest(), tree.digest(), () -> where() + " digest");
        assertEquals(tree.computeDigest(), tree.digest(), () -> where() + " incremental digest");
        assertEquals(model.nodes.size() - 1, tree.getAllChildrenNumber("/"), () -> where() + " all children");
        assertTrue(tree.lastProcessedZxid() <= zxid);
    }
}
