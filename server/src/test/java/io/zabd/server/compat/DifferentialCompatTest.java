package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: the same script of client operations gets the same answers from Apache ZooKeeper 3.9.5 and
 * from zabd: every result, error code, Stat field (zxids exactly, times as flags, owners by session)
 * and watch event, in order. Each test runs its script on both targets and compares the transcripts.
 */
class DifferentialCompatTest {
    private static final List<ACL> OPEN = Ids.OPEN_ACL_UNSAFE;
    private static final java.util.regex.Pattern LOOPBACK_PORT = java.util.regex.Pattern.compile("127\\.0\\.0\\.1(:\\d+)+");

    @FunctionalInterface
    interface Script {
        void run(TargetServer server, Transcript t) throws Exception;
    }

    /**
     * Runs the script on standalone ZooKeeper and standalone zabd, then on a 3-member ZooKeeper
     * ensemble and a 3-member zabd ensemble (clients spread over the members), comparing each pair.
     */
    private static void compare(Path dir, TargetOptions options, Script script) throws Exception {
        comparePair(ZooKeeperTarget::start, ZabdTarget::start, dir.resolve("standalone"), options, script);
        comparePair(ZooKeeperEnsembleTarget::start, ZabdEnsembleTarget::start, dir.resolve("ensemble"), options, script);
    }

    private static void comparePair(TargetFactory zooKeeper, TargetFactory zabdFactory, Path dir, TargetOptions options,
            Script script) throws Exception {
        List<String> reference = normalizePorts(normalizeEventOrder(runOn(zooKeeper, dir.resolve("zk"), options, script)));
        List<String> zabd = normalizePorts(normalizeEventOrder(runOn(zabdFactory, dir.resolve("zabd"), options, script)));
        List<String> diff = new ArrayList<>();
        for (int i = 0; i < Math.max(reference.size(), zabd.size()); i++) {
            String a = i < reference.size() ? reference.get(i) : "<none>";
            String b = i < zabd.size() ? zabd.get(i) : "<none>";
            if (!a.equals(b)) {
                diff.add("line " + i + "\n  zookeeper: " + a + "\n  zabd:      " + b);
            }
        }
        assertTrue(diff.isEmpty(), "transcripts differ (" + dir.getFileName() + "):\n" + String.join("\n", diff)
                + "\nfull zookeeper transcript:\n" + String.join("\n", reference));
        assertTrue(reference.size() > 3, "the script recorded something");
    }

    /**
     * Each target binds its own free loopback ports, which an ensemble's /zookeeper/config and
     * getConfig show; replace them by a placeholder in both transcripts.
     */
    static List<String> normalizePorts(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            out.add(LOOPBACK_PORT.matcher(line).replaceAll("127.0.0.1:<ports>"));
        }
        return out;
    }

    /**
     * One server event delivered to several watchers of a client reaches them in the client's
     * hash-set order; sort such runs (same event, consecutive) by watcher tag.
     */
    static List<String> normalizeEventOrder(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        int i = 0;
        while (i < out.size()) {
            int j = i;
            String key = eventKey(out.get(i));
            while (key != null && j + 1 < out.size() && key.equals(eventKey(out.get(j + 1)))) {
                j++;
            }
            java.util.Collections.sort(out.subList(i, j + 1));
            i = j + 1;
        }
        return out;
    }

    private static String eventKey(String line) {
        return line.startsWith("event[") ? line.substring(line.indexOf("] ") + 2) : null;
    }

    private static List<String> runOn(TargetFactory factory, Path dir, TargetOptions options, Script script)
            throws Exception {
        Transcript t = new Transcript();
        try (TargetServer server = factory.start(dir, options)) {
            script.run(server, t);
        }
        return t.lines();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createModesAndStats(@TempDir Path dir) throws Exception {
        compare(dir, TargetOptions.DEFAULTS, (server, t) -> {
            try (ZooKeeper zk = Clients.connect(server.connectString())) {
                t.nameSession(zk, "A");
                for (CreateMode mode : new CreateMode[] {CreateMode.PERSISTENT, CreateMode.EPHEMERAL,
                        CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL, CreateMode.CONTAINER}) {
                    Stat stat = new Stat();
                    String base = "/" + mode.name().toLowerCase();
                    t.step("create2 " + base, () -> zk.create(base, bytes("d"), OPEN, mode, stat) + " " + t.stat(stat));
                    t.step("create " + base + "-plain", () -> zk.create(base + "-plain", null, OPEN, mode));
                    t.step("exists " + base, () -> zk.exists(base.startsWith("/persistent_s") || base.startsWith("/ephemeral_s")
                            ? base + "0000000001" : base, false));
                }
                t.step("create child of container", () -> zk.create("/container/c", null, OPEN, CreateMode.PERSISTENT));
                t.step("delete child of container", () -> {
                    zk.delete("/container/c", -1);
                    return "ok";
                });
                t.step("exists container", () -> zk.exists("/container", false));
                t.step("exists root", () -> zk.exists("/", false));
                t.step("setData", () -> zk.setData("/persistent", bytes("xyz"), 0));
                t.step("setData any version", () -> zk.setData("/persistent", bytes("w"), -1));
                t.step("getData", () -> {
                    Stat s = new Stat();
                    return t.describe(zk.getData("/persistent", false, s)) + " " + t.stat(s);
                });
                for (int i = 0; i < 3; i++) {
                    t.step("create seq child", () -> zk.create("/persistent/s-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL));
                }
                t.step("delete seq child", () -> {
                    zk.delete("/persistent/s-0000000001", -1);
                    return "ok";
                });
                t.step("create seq child after delete", () -> zk.create("/persistent/s-", null, OPEN,
                        CreateMode.PERSISTENT_SEQUENTIAL));
                t.step("getChildren2", () -> {
                    Stat s = new Stat();
                    return Transcript.sorted(zk.getChildren("/persistent", false, s)) + " " + t.stat(s);
                });
            }
        });
    }

    @Test
    void errorPaths(@TempDir Path dir) throws Exception {
        compare(dir, TargetOptions.DEFAULTS, (server, t) -> {
            try (ZooKeeper zk = Clients.connect(server.connectString())) {
                t.nameSession(zk, "A");
                zk.create("/p", bytes("v"), OPEN, CreateMode.PERSISTENT);
                zk.create("/p/c", null, OPEN, CreateMode.PERSISTENT);
                zk.create("/e", null, OPEN, CreateMode.EPHEMERAL);
                t.step("getData missing", () -> zk.getData("/none", false, null));
                t.step("getChildren missing", () -> zk.getChildren("/none", false));
                t.step("getACL missing", () -> zk.getACL("/none", new Stat()));
                t.step("getAllChildrenNumber missing", () -> zk.getAllChildrenNumber("/none"));
                t.step("setData missing", () -> zk.setData("/none", null, -1));
                t.step("setACL missing", () -> zk.setACL("/none", OPEN, -1));
                t.step("delete missing", () -> del(zk, "/none", -1));
                t.step("create no parent", () -> zk.create("/none/x", null, OPEN, CreateMode.PERSISTENT));
                t.step("create exists", () -> zk.create("/p", null, OPEN, CreateMode.PERSISTENT));
                t.step("setData bad version", () -> zk.setData("/p", null, 7));
                t.step("setACL bad version", () -> zk.setACL("/p", OPEN, 7));
                t.step("delete bad version", () -> del(zk, "/p/c", 3));
                t.step("delete not empty", () -> del(zk, "/p", -1));
                t.step("child of ephemeral", () -> zk.create("/e/x", null, OPEN, CreateMode.PERSISTENT));
                t.step("seq child of ephemeral", () -> zk.create("/e/x", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL));
                t.step("delete /zookeeper", () -> del(zk, "/zookeeper", -1));
                t.step("delete /zookeeper/config", () -> del(zk, "/zookeeper/config", -1));
                t.step("bad digest acl", () -> zk.create("/bad", null, java.util.Arrays.asList(new ACL(Perms.ALL, new Id("digest", "nocolon"))),
                        CreateMode.PERSISTENT));
                t.step("bad ip acl", () -> zk.create("/bad", null, java.util.Arrays.asList(new ACL(Perms.ALL, new Id("ip", "999.1.1.1"))),
                        CreateMode.PERSISTENT));
                t.step("unknown scheme acl", () -> zk.create("/bad", null, java.util.Arrays.asList(new ACL(Perms.ALL, new Id("nope", "x"))),
                        CreateMode.PERSISTENT));
                t.step("world acl other id", () -> zk.create("/bad", null, java.util.Arrays.asList(new ACL(Perms.ALL, new Id("world", "me"))),
                        CreateMode.PERSISTENT));
                t.step("auth acl without auth", () -> zk.create("/bad", null, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
                t.step("ttl without extended types", () -> zk.create("/ttl", null, OPEN, CreateMode.PERSISTENT_WITH_TTL,
                        new Stat(), 1000));
                t.step("checkWatches none", () -> {
                    zk.removeWatches("/p", t.watcher("x"), WatcherType.Any, false);
                    return "ok";
                });
                t.step("state after errors", () -> zk.exists("/p", false));
            }
        });
    }

    private static String del(ZooKeeper zk, String path, int version) throws Exception {
        zk.delete(path, version);
        return "ok";
    }

    @Test
    void aclSchemes(@TempDir Path dir) throws Exception {
        compare(dir, TargetOptions.DEFAULTS, (server, t) -> {
            try (ZooKeeper owner = Clients.connect(server.connectString());
                    ZooKeeper other = Clients.connect(server.connectString())) {
                t.nameSession(owner, "A");
                t.nameSession(other, "B");
                owner.addAuthInfo("digest", bytes("alice:pw"));
                t.step("whoAmI owner", owner::whoAmI);
                t.step("create auth acl", () -> owner.create("/secret", bytes("s"), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
                t.step("getACL owner", () -> owner.getACL("/secret", new Stat()));
                t.settle(other); // on an ensemble another member may not have applied owner's write yet
                t.step("getData other", () -> other.getData("/secret", false, null));
                t.step("exists other", () -> other.exists("/secret", false));
                t.step("getChildren other", () -> other.getChildren("/secret", false));
                t.step("getACL other", () -> other.getACL("/secret", new Stat()));
                t.step("setData other", () -> other.setData("/secret", null, -1));
                t.step("create under other", () -> other.create("/secret/x", null, OPEN, CreateMode.PERSISTENT));
                List<ACL> readOnlyDigest = java.util.Arrays.asList(new ACL(Perms.READ, new Id("digest", digest("bob:pw"))),
                        new ACL(Perms.ALL, new Id("digest", digest("alice:pw"))));
                t.step("create digest acl", () -> owner.create("/bobread", bytes("b"), readOnlyDigest, CreateMode.PERSISTENT));
                t.settle(other);
                t.step("getACL masked", () -> {
                    other.addAuthInfo("digest", bytes("bob:pw"));
                    return t.describe(other.getACL("/bobread", new Stat()));
                });
                t.step("bob reads", () -> other.getData("/bobread", false, null));
                t.step("bob writes", () -> other.setData("/bobread", null, -1));
                t.step("whoAmI bob", other::whoAmI);
                t.step("ip acl match", () -> owner.create("/ip", bytes("i"),
                        java.util.Arrays.asList(new ACL(Perms.READ, new Id("ip", "127.0.0.1"))), CreateMode.PERSISTENT));
                t.settle(other);
                t.step("ip read", () -> other.getData("/ip", false, null));
                t.step("ip write", () -> other.setData("/ip", null, -1));
                t.step("ip acl miss", () -> owner.create("/ip10", null,
                        java.util.Arrays.asList(new ACL(Perms.ALL, new Id("ip", "10.0.0.0/8"))), CreateMode.PERSISTENT));
                t.settle(other);
                t.step("ip miss read", () -> other.getData("/ip10", false, null));
                t.step("setACL", () -> owner.setACL("/ip10", OPEN, 0));
                t.step("setACL noauth", () -> other.setACL("/secret", OPEN, -1));
                try (ZooKeeper root = Clients.connect(server.connectString())) {
                    t.nameSession(root, "C");
                    root.addAuthInfo("digest", bytes(Clients.SUPER_AUTH));
                    t.settle(root);
                    t.step("super reads", () -> root.getData("/secret", false, null));
                    t.step("super getACL", () -> root.getACL("/bobread", new Stat()));
                    t.step("super deletes", () -> del(root, "/secret", -1));
                    t.step("whoAmI super", root::whoAmI);
                }
            }
        });
    }

    @Test
    void watchEventsNeedReadPermission(@TempDir Path dir) throws Exception {
        compare(dir, TargetOptions.DEFAULTS, (server, t) -> {
            try (ZooKeeper alice = Clients.connect(server.connectString());
                    ZooKeeper bob = Clients.connect(server.connectString())) {
                t.nameSession(alice, "A");
                t.nameSession(bob, "B");
                alice.addAuthInfo("digest", bytes("alice:pw"));
                t.step("bob exists watch", () -> bob.exists("/private", t.watcher("exists")));
                t.step("bob exists watch open", () -> bob.exists("/open", t.watcher("exists-open")));
                t.step("bob recursive", () -> {
                    bob.addWatch("/", t.watcher("recursive"), AddWatchMode.PERSISTENT_RECURSIVE);
                    return "ok";
                });
                alice.create("/private", bytes("p"), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
                alice.create("/open", bytes("o"), OPEN, CreateMode.PERSISTENT);
                alice.create("/open/hidden", null, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
                alice.setData("/private", bytes("p2"), -1);
                alice.delete("/open/hidden", -1);
                alice.delete("/private", -1);
                alice.delete("/open", -1);
                t.settle(bob);
                t.step("done", () -> bob.exists("/open", false));
            }
        });
    }

    /**
     * The digest id (the same as ZooKeeper's generateDigest, see PermissionsTest). Not ZooKeeper's own
     * class: loading it before a ZooKeeper target starts would freeze its superDigest as unset.
     */
    static String digest(String userPassword) {
        return io.zabd.engine.tree.prep.Permissions.digestId(userPassword);
    }

    @Test
    void readsAndSystemNodes(@TempDir Path dir) throws Exception {
        compare(dir, TargetOptions.DEFAULTS, (server, t) -> {
            try (ZooKeeper zk = Clients.connect(server.connectString())) {
                t.nameSession(zk, "A");
                zk.create("/r", null, OPEN, CreateMode.PERSISTENT);
                zk.create("/r/a", null, OPEN, CreateMode.PERSISTENT);
                zk.create("/r/a/b", null, OPEN, CreateMode.EPHEMERAL);
                zk.create("/r/c", null, OPEN, CreateMode.EPHEMERAL);
                zk.create("/s", null, OPEN, CreateMode.EPHEMERAL);
                t.step("getAllChildrenNumber /r", () -> zk.getAllChildrenNumber("/r"));
                t.step("getAllChildrenNumber /", () -> zk.getAllChildrenNumber("/"));
                t.step("getEphemerals", () -> Transcript.sorted(zk.getEphemerals()));
                t.step("getEphemerals /r", () -> Transcript.sorted(zk.getEphemerals("/r")));
                t.step("getEphemerals /r/a", () -> Transcript.sorted(zk.getEphemerals("/r/a")));
                t.step("getChildren /zookeeper", () -> Transcript.sorted(zk.getChildren("/zookeeper", false)));
                t.step("config node", () -> {
                    Stat s = new Stat();
                    return t.describe(zk.getData(ZooDefs.CONFIG_NODE, false, s)) + " " + t.stat(s);
                });
                t.step("config acl", () -> zk.getACL(ZooDefs.CONFIG_NODE, new Stat()));
                t.step("getConfig", () -> new String(zk.getConfig(false, new Stat()), StandardCharsets.UTF_8));
                t.step("set config", () -> zk.setData(ZooDefs.CONFIG_NODE, null, -1));
                t.step("quota node", () -> zk.exists("/zookeeper/quota", false));
                t.step("sync", () -> {
                    java.util.concurrent.CompletableFuture<String> done = new java.util.concurrent.CompletableFuture<>();
                    zk.sync("/r", (rc, path, ctx) -> done.complete(rc + " " + path), null);
                    return done.get(10, java.util.concurrent.TimeUnit.SECONDS);
                });
                t.step("whoAmI", zk::whoAmI);
                t.step("exists watch missing", () -> zk.exists("/later", true));
            }
        });
    }

    @Test
    void multiAndMultiRead(@TempDir Path dir) throws Exception {
        compare(dir, TargetOptions.DEFAULTS, (server, t) -> {
            try (ZooKeeper zk = Clients.connect(server.connectString())) {
                t.nameSession(zk, "A");
                t.step("multi ok", () -> zk.multi(List.of(
                        Op.create("/m", bytes("1"), OPEN, CreateMode.PERSISTENT),
                        Op.create("/m/s-", null, OPEN, CreateMode.EPHEMERAL_SEQUENTIAL),
                        Op.create("/m/c", null, OPEN, CreateMode.CONTAINER),
                        Op.setData("/m", bytes("22"), 0),
                        Op.check("/m", 1))));
                t.step("multi create", () -> zk.multi(List.of(Op.create("/m2", null, OPEN, CreateMode.PERSISTENT))));
                t.step("multi fails", () -> zk.multi(List.of(
                        Op.create("/m3", null, OPEN, CreateMode.PERSISTENT),
                        Op.delete("/m", -1),
                        Op.setData("/m", null, -1))));
                t.step("multi bad check", () -> zk.multi(List.of(Op.check("/m", 0), Op.delete("/m2", -1))));
                t.step("multi missing parent", () -> zk.multi(List.of(Op.create("/x/y", null, OPEN, CreateMode.PERSISTENT))));
                t.step("multi delete twice", () -> zk.multi(List.of(Op.delete("/m2", -1), Op.delete("/m2", -1))));
                t.step("empty multi", () -> zk.multi(List.of()));
                t.step("multiRead", () -> zk.multi(List.of(Op.getData("/m"), Op.getChildren("/m"), Op.getData("/none"),
                        Op.getChildren("/none"))));
                t.step("after", () -> zk.exists("/m", false));
            }
        });
    }

    @Test
    void watchesAndEventOrder(@TempDir Path dir) throws Exception {
        compare(dir, TargetOptions.DEFAULTS, (server, t) -> {
            try (ZooKeeper w = Clients.connect(server.connectString());
                    ZooKeeper writer = Clients.connect(server.connectString())) {
                t.nameSession(w, "W");
                t.nameSession(writer, "X");
                t.step("exists watch", () -> w.exists("/a", t.watcher("exists")));
                writer.create("/a", bytes("1"), OPEN, CreateMode.PERSISTENT);
                t.settle(w);
                t.step("data watch", () -> w.getData("/a", t.watcher("data"), null));
                t.step("child watch", () -> w.getChildren("/a", t.watcher("child")));
                t.step("persistent", () -> {
                    w.addWatch("/a", t.watcher("persistent"), AddWatchMode.PERSISTENT);
                    return "ok";
                });
                t.step("recursive", () -> {
                    w.addWatch("/", t.watcher("recursive"), AddWatchMode.PERSISTENT_RECURSIVE);
                    return "ok";
                });
                writer.create("/a/b", null, OPEN, CreateMode.PERSISTENT);
                t.settle(w);
                writer.setData("/a", bytes("2"), -1);
                t.settle(w);
                writer.setData("/a/b", bytes("3"), -1);
                t.settle(w);
                writer.multi(List.of(Op.delete("/a/b", -1), Op.create("/a/d", null, OPEN, CreateMode.PERSISTENT)));
                t.settle(w);
                t.step("data watch again", () -> w.getData("/a", t.watcher("data2"), null));
                writer.delete("/a/d", -1);
                writer.delete("/a", -1);
                t.settle(w);
                t.step("remove persistent", () -> {
                    w.removeWatches("/a", t.watcher("persistent"), WatcherType.Persistent, false);
                    t.settle(w);
                    return "ok";
                });
                t.step("remove recursive", () -> {
                    w.removeAllWatches("/", WatcherType.PersistentRecursive, false);
                    t.settle(w);
                    return "ok";
                });
                writer.create("/a", null, OPEN, CreateMode.PERSISTENT);
                t.settle(w);
                t.step("exists after", () -> w.exists("/a", false));
            }
        });
    }

    @Test
    void ttlNodes(@TempDir Path dir) throws Exception {
        compare(dir, new TargetOptions(true, false), (server, t) -> {
            try (ZooKeeper zk = Clients.connect(server.connectString())) {
                t.nameSession(zk, "A");
                t.step("create ttl", () -> {
                    Stat s = new Stat();
                    return zk.create("/ttl", bytes("t"), OPEN, CreateMode.PERSISTENT_WITH_TTL, s, 60_000) + " " + t.stat(s);
                });
                t.step("create seq ttl", () -> zk.create("/ttl/s-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL,
                        new Stat(), 60_000));
                t.step("exists ttl", () -> zk.exists("/ttl", false));
                t.step("multi ttl", () -> zk.multi(List.of(Op.create("/ttl2", null, OPEN, CreateMode.PERSISTENT_WITH_TTL, 5000))));
                t.step("ephemeral still", () -> zk.create("/eph", null, OPEN, CreateMode.EPHEMERAL, new Stat()));
                t.step("getEphemerals", zk::getEphemerals);
            }
        });
    }
}
