package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zabd.engine.txn.OpCode;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: replies to frames the official client answers locally or never sends in this form are the
 * same on every target: checkWatches/removeWatches without a watch (NOWATCHER), with one (OK), addWatch's
 * 4-byte body, setWatches' header (xid -8), an addWatch with an unknown mode, a standalone check, sync;
 * on single servers and on 3-member ensembles (the raw session talks to member 1).
 */
class RawProtocolCompatTest {
    private static final int CHILDREN = 1;
    private static final int DATA = 2;
    private static final int ANY = 3;
    private static final int PERSISTENT = 4;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void watchManagementReplies(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                RawSession s = new RawSession(server.clientAddress())) {
            assertEquals(KeeperCode.NOWATCHER, s.call(1, OpCode.CHECK_WATCHES, new Request.WatchType("/a", DATA)).header().err());
            assertEquals(KeeperCode.NOWATCHER, s.call(2, OpCode.REMOVE_WATCHES, new Request.WatchType("/a", ANY)).header().err());
            RawSession.Reply add = s.call(3, OpCode.ADD_WATCH, new Request.AddWatch("/a", 0));
            assertEquals(KeeperCode.OK, add.header().err());
            assertArrayEquals(new byte[4], add.body(), "addWatch answers ErrorResponse{0}");
            assertEquals(KeeperCode.NOWATCHER, s.call(4, OpCode.CHECK_WATCHES, new Request.WatchType("/a", DATA)).header().err(),
                    "Data means the one-shot kind only");
            assertEquals(KeeperCode.OK, s.call(8, OpCode.CHECK_WATCHES, new Request.WatchType("/a", PERSISTENT)).header().err());
            assertEquals(KeeperCode.NOWATCHER, s.call(5, OpCode.REMOVE_WATCHES, new Request.WatchType("/a", CHILDREN)).header().err());
            assertEquals(KeeperCode.OK, s.call(6, OpCode.REMOVE_WATCHES, new Request.WatchType("/a", ANY)).header().err());
            assertEquals(KeeperCode.NOWATCHER, s.call(7, OpCode.CHECK_WATCHES, new Request.WatchType("/a", ANY)).header().err());
            RawSession.Reply set = s.call(RequestHeader.SET_WATCHES_XID, OpCode.SET_WATCHES, new Request.SetWatches(0,
                    List.of("/a"), List.of(), List.of(), List.of(), List.of(), false));
            assertEquals(-1, set.header().xid(), "a data watch on a missing node fires NodeDeleted first");
            assertEquals(-1, set.header().zxid(), "setWatches events carry no zxid");
            RawSession.Reply reply = s.next();
            assertEquals(RequestHeader.SET_WATCHES_XID, reply.header().xid());
            assertEquals(KeeperCode.OK, reply.header().err());
            assertEquals(0, reply.body().length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#withEnsembles")
    void resumingOnANewConnectionClosesTheOldOne(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                RawSession first = new RawSession(server.clientAddress())) {
            long id = first.connected.sessionId();
            java.util.concurrent.BlockingQueue<org.apache.zookeeper.WatchedEvent> q = new java.util.concurrent.LinkedBlockingQueue<>();
            InetSocketAddress same = server.memberAddresses().get(0); // the member the raw session is on
            org.apache.zookeeper.ZooKeeper second = new org.apache.zookeeper.ZooKeeper(same.getHostString() + ":" + same.getPort(),
                    30_000, q::add, id, first.connected.passwd());
            try {
                org.apache.zookeeper.WatchedEvent e = q.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected, e == null ? null : e.getState());
                assertEquals(id, second.getSessionId());
                org.junit.jupiter.api.Assertions.assertTrue(first.closedByServer(), "the session's old connection is closed");
            } finally {
                second.close();
            }
        }
    }

    /**
     * Ensembles: once a session resumed on another member, its old connection still reads, but a write
     * through it is refused by closing that connection without a reply (ZooKeeper's SESSIONMOVED), so
     * a connection the client has left cannot write behind the client's back; the write is not applied.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#ensembles")
    void aConnectionItsSessionLeftCannotWrite(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS)) {
            try (RawSession first = new RawSession(server.memberAddresses().get(0))) {
                long id = first.connected.sessionId();
                assertEquals(KeeperCode.OK, first.call(1, OpCode.CREATE, new Request.Create("/before", new byte[0],
                        io.zabd.engine.txn.Acl.OPEN_ACL_UNSAFE, 0)).header().err());
                java.util.concurrent.BlockingQueue<org.apache.zookeeper.WatchedEvent> q = new java.util.concurrent.LinkedBlockingQueue<>();
                InetSocketAddress other = server.memberAddresses().get(1);
                org.apache.zookeeper.ZooKeeper moved = new org.apache.zookeeper.ZooKeeper(other.getHostString() + ":"
                        + other.getPort(), 30_000, q::add, id, first.connected.passwd());
                try {
                    org.apache.zookeeper.WatchedEvent e = q.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                    assertEquals(org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected, e == null ? null : e.getState());
                    assertEquals(KeeperCode.OK, first.call(2, OpCode.EXISTS, new Request.PathWatch("/before", false)).header().err(),
                            "the old connection still reads locally");
                    first.write(new RequestHeader(3, OpCode.CREATE), new Request.Create("/after", new byte[0], io.zabd.engine.txn.Acl.OPEN_ACL_UNSAFE, 0));
                    org.junit.jupiter.api.Assertions.assertTrue(first.closedByServer(), "the write closes the old connection");
                    moved.sync("/", (rc, path, ctx) -> { }, null);
                    org.junit.jupiter.api.Assertions.assertNull(moved.exists("/after", false), "the refused write was not applied");
                    assertEquals(id, moved.getSessionId());
                    org.junit.jupiter.api.Assertions.assertNotNull(moved.exists("/before", false), "the session lives on");
                } finally {
                    moved.close();
                }
            }
        }
    }
}
