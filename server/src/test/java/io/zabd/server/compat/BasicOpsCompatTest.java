package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.tree.KeeperCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: the basic data operations and their Stat bookkeeping and error codes, as the official client
 * sees them, are the same on every target (the reference being ZooKeeper 3.9.5).
 */
class BasicOpsCompatTest {
    private static final byte[] V1 = "v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] V22 = "v22".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void createGetSetDeleteKeepStats(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                ZooKeeper zk = Clients.connect(server.connectString())) {
            Stat created = new Stat();
            assertEquals("/a", zk.create("/a", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created));
            assertEquals(created.getCzxid(), created.getMzxid());
            assertEquals(created.getCzxid(), created.getPzxid());
            assertEquals(created.getCtime(), created.getMtime());
            assertEquals(0, created.getVersion());
            assertEquals(0, created.getCversion());
            assertEquals(0, created.getAversion());
            assertEquals(0, created.getEphemeralOwner());
            assertEquals(V1.length, created.getDataLength());
            assertEquals(0, created.getNumChildren());

            Stat read = new Stat();
            assertArrayEquals(V1, zk.getData("/a", false, read));
            assertEquals(created, read);

            Stat updated = zk.setData("/a", V22, 0);
            assertEquals(1, updated.getVersion());
            assertEquals(created.getCzxid(), updated.getCzxid());
            assertTrue(updated.getMzxid() > created.getMzxid());
            assertEquals(V22.length, updated.getDataLength());
            assertEquals(created.getPzxid(), updated.getPzxid(), "setData leaves pzxid alone");

            Stat child = new Stat();
            zk.create("/a/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, child);
            Stat parent = zk.exists("/a", false);
            assertEquals(1, parent.getCversion());
            assertEquals(1, parent.getNumChildren());
            assertEquals(child.getCzxid(), parent.getPzxid());
            assertEquals(1, parent.getVersion(), "a child create does not bump the data version");
            assertEquals(0, child.getDataLength());

            zk.delete("/a/b", -1);
            Stat afterDelete = zk.exists("/a", false);
            assertEquals(2, afterDelete.getCversion());
            assertEquals(0, afterDelete.getNumChildren());
            assertTrue(afterDelete.getPzxid() > child.getCzxid());
            zk.delete("/a", 1);
            assertNull(zk.exists("/a", false));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void errorCodes(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                ZooKeeper zk = Clients.connect(server.connectString())) {
            zk.create("/p", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/p/c", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertCode(KeeperCode.NONODE, assertThrows(KeeperException.class, () -> zk.getData("/none", false, null)));
            assertCode(KeeperCode.NONODE, assertThrows(KeeperException.class, () -> zk.setData("/none", V1, -1)));
            assertCode(KeeperCode.NONODE, assertThrows(KeeperException.class, () -> zk.delete("/none", -1)));
            assertCode(KeeperCode.NONODE, assertThrows(KeeperException.class,
                    () -> zk.create("/none/x", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)));
            assertCode(KeeperCode.NODEEXISTS, assertThrows(KeeperException.class,
                    () -> zk.create("/p", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)));
            assertCode(KeeperCode.BADVERSION, assertThrows(KeeperException.class, () -> zk.setData("/p", V1, 5)));
            assertCode(KeeperCode.BADVERSION, assertThrows(KeeperException.class, () -> zk.delete("/p/c", 3)));
            assertCode(KeeperCode.NOTEMPTY, assertThrows(KeeperException.class, () -> zk.delete("/p", -1)));
            assertCode(KeeperCode.NOCHILDRENFOREPHEMERALS, assertThrows(KeeperException.class, () -> {
                zk.create("/e", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                zk.create("/e/x", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }));
            assertNull(zk.exists("/none", false));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void ephemeralSequentialAndFailedMulti(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                ZooKeeper zk = Clients.connect(server.connectString())) {
            Stat stat = new Stat();
            String name = zk.create("/s-", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL, stat);
            assertEquals("/s-0000000000", name);
            assertEquals(zk.getSessionId(), stat.getEphemeralOwner());
            assertEquals("/s-0000000001", zk.create("/s-", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));

            KeeperException e = assertThrows(KeeperException.class, () -> zk.multi(List.of(
                    Op.create("/m1", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.check("/s-0000000001", 7),
                    Op.delete("/s-0000000000", -1))));
            assertCode(KeeperCode.BADVERSION, e);
            List<OpResult> results = e.getResults();
            assertEquals(3, results.size());
            assertEquals(KeeperCode.OK, assertInstanceOf(OpResult.ErrorResult.class, results.get(0)).getErr());
            assertEquals(KeeperCode.BADVERSION, assertInstanceOf(OpResult.ErrorResult.class, results.get(1)).getErr());
            assertEquals(KeeperCode.RUNTIMEINCONSISTENCY, assertInstanceOf(OpResult.ErrorResult.class, results.get(2)).getErr());
            assertNull(zk.exists("/m1", false), "a failed multi applies nothing");

            List<OpResult> ok = zk.multi(List.of(
                    Op.create("/m1", V1, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.setData("/m1", V22, 0), Op.check("/m1", 1), Op.delete("/m1", 1)));
            assertEquals("/m1", assertInstanceOf(OpResult.CreateResult.class, ok.get(0)).getPath());
            assertEquals(1, assertInstanceOf(OpResult.SetDataResult.class, ok.get(1)).getStat().getVersion());
            assertInstanceOf(OpResult.CheckResult.class, ok.get(2));
            assertInstanceOf(OpResult.DeleteResult.class, ok.get(3));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void fourLetterWordWhitelist(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS)) {
            assertEquals("ruok is not executed because it is not in the whitelist.\n",
                    Clients.fourLetterWord(server.clientAddress(), "ruok"));
        }
        try (TargetServer server = target.start(dir.resolve("all"), new TargetOptions(false, true))) {
            assertEquals("imok", Clients.fourLetterWord(server.clientAddress(), "ruok"));
        }
    }

    private static void assertCode(int expected, KeeperException e) {
        assertEquals(KeeperCode.name(expected), KeeperCode.name(e.code().intValue()), e.toString());
    }
}
