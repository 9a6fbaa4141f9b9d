package io.zabd.server.compat;

import static io.zabd.server.net.RecordingSink.next;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.OpResult;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.client.proto.Response;
import io.zabd.server.client.proto.Stat;
import io.zabd.server.client.proto.WatcherEvent;
import io.zabd.server.config.FourLetterWhitelist;
import io.zabd.server.net.BasicFourLetterHandler;
import io.zabd.server.net.ClientConnection;
import io.zabd.server.net.ClientTransport;
import io.zabd.server.net.RecordingSink;
import io.zabd.server.net.RecordingSink.Reply;
import io.zabd.server.net.TransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ClientInfo;
import org.junit.jupiter.api.Test;

/**
 * Goal: what the official ZooKeeper 3.9.5 client really sends decodes with zabd's codec through
 * zabd's transport, and what zabd encodes is what that client understands: every request below is
 * captured and checked field by field, and every scripted reply comes back as the client's result.
 */
class OfficialClientWireTest {
    private static final byte[] DATA = "hello".getBytes(StandardCharsets.UTF_8);
    private static final Stat STAT = new Stat(0x100000001L, 0x100000002L, 1111L, 2222L, 3, 4, 5, 0L, DATA.length, 2, 0x100000003L);

    private static Reply script(RequestHeader header, Request body) {
        return switch (header.type()) {
            case OpCode.CREATE -> new Reply(0, new Response.Path(((Request.Create) body).path()));
            case OpCode.CREATE2 -> new Reply(0, new Response.Create2(((Request.Create) body).path() + "0000000007", STAT));
            case OpCode.GET_DATA -> ((Request.PathWatch) body).path().equals("/missing")
                    ? new Reply(KeeperCode.NONODE, Response.Empty.INSTANCE) : new Reply(0, new Response.GetData(DATA, STAT));
            case OpCode.SET_DATA, OpCode.SET_ACL -> new Reply(0, new Response.StatOnly(STAT));
            case OpCode.EXISTS -> new Reply(KeeperCode.NONODE, Response.Empty.INSTANCE);
            case OpCode.DELETE -> new Reply(KeeperCode.BADVERSION, Response.Empty.INSTANCE);
            case OpCode.GET_CHILDREN2 -> new Reply(0, new Response.Children2(List.of("x", "y"), STAT));
            case OpCode.GET_ACL -> new Reply(0, new Response.GetAcl(Acl.OPEN_ACL_UNSAFE, STAT));
            case OpCode.GET_ALL_CHILDREN_NUMBER -> new Reply(0, new Response.Count(7));
            case OpCode.GET_EPHEMERALS -> new Reply(0, new Response.Children(List.of("/e1")));
            case OpCode.SYNC -> new Reply(0, new Response.Path(((Request.PathOnly) body).path()));
            case OpCode.MULTI -> new Reply(0, new Response.Multi(List.of(new OpResult.Create("/m", null),
                    new OpResult.SetData(STAT), OpResult.Check.INSTANCE, OpResult.Delete.INSTANCE)));
            case OpCode.ADD_WATCH -> new Reply(0, new Response.Error(0));
            case OpCode.WHO_AM_I -> new Reply(0, new Response.WhoAmI(List.of(new Response.ClientInfo("ip", "127.0.0.1"))));
            case OpCode.PING, OpCode.CLOSE_SESSION -> new Reply(0, Response.Empty.INSTANCE);
            default -> new Reply(KeeperCode.UNIMPLEMENTED, Response.Empty.INSTANCE);
        };
    }

    private static Request nextRequest(RecordingSink sink, int expectedType) throws InterruptedException {
        while (true) {
            RecordingSink.Received r = next(sink.requests);
            if (r.header().type() != OpCode.PING) {
                assertEquals(OpCode.name(expectedType), OpCode.name(r.header().type()));
                return r.body();
            }
        }
    }

    @Test
    void officialClientTrafficRoundTripsThroughOurCodecAndTransport() throws Exception {
        TransportConfig config = new TransportConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                10, 0, 1 << 20, FourLetterWhitelist.defaults(), 1);
        try (RecordingSink sink = new RecordingSink(OfficialClientWireTest::script);
                ClientTransport transport = new ClientTransport(config, sink, new BasicFourLetterHandler())) {
            InetSocketAddress address = transport.start();
            BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
            try (ZooKeeper zk = Clients.connect(address.getHostString() + ":" + address.getPort())) {
                ConnectRequest connect = next(sink.connects);
                assertEquals(0, connect.protocolVersion());
                assertEquals(0, connect.lastZxidSeen());
                assertEquals(Clients.SESSION_TIMEOUT_MS, connect.timeOutMs());
                assertEquals(0, connect.sessionId());
                assertArrayEquals(new byte[16], connect.passwd());
                assertFalse(connect.readOnly());
                assertEquals(RecordingSink.SESSION_ID, zk.getSessionId());
                ClientConnection connection = next(sink.connections);

                checkDataOps(zk, sink);
                checkTreeOps(zk, sink);
                checkMultiAndWatches(zk, sink, connection, events);
            }
            Request close = nextRequest(sink, OpCode.CLOSE_SESSION);
            assertEquals(Request.Empty.INSTANCE, close);
            assertTrue(sink.readCompletes.get() > 0);
            next(sink.disconnects);
        }
    }

    private static void checkDataOps(ZooKeeper zk, RecordingSink sink) throws Exception {
        assertEquals("/a", zk.create("/a", DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));
        Request.Create create = (Request.Create) nextRequest(sink, OpCode.CREATE);
        assertEquals("/a", create.path());
        assertArrayEquals(DATA, create.data());
        assertEquals(Acl.OPEN_ACL_UNSAFE, create.acl());
        assertEquals(1, create.flags());

        org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
        assertEquals("/q-0000000007", zk.create("/q-", null, ZooDefs.Ids.READ_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL, stat));
        assertStat(stat);
        Request.Create create2 = (Request.Create) nextRequest(sink, OpCode.CREATE2);
        assertNull(create2.data());
        assertEquals(Acl.READ_ACL_UNSAFE, create2.acl());
        assertEquals(2, create2.flags());

        assertArrayEquals(DATA, zk.getData("/a", true, stat));
        assertStat(stat);
        assertEquals(new Request.PathWatch("/a", true), nextRequest(sink, OpCode.GET_DATA));
        assertThrows(KeeperException.NoNodeException.class, () -> zk.getData("/missing", false, null));
        nextRequest(sink, OpCode.GET_DATA);

        assertStat(zk.setData("/a", DATA, 3));
        Request.SetData setData = (Request.SetData) nextRequest(sink, OpCode.SET_DATA);
        assertEquals(3, setData.version());
        assertThrows(KeeperException.BadVersionException.class, () -> zk.delete("/a", 9));
        assertEquals(new Request.Delete("/a", 9), nextRequest(sink, OpCode.DELETE));
    }

    private static void checkTreeOps(ZooKeeper zk, RecordingSink sink) throws Exception {
        org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
        assertEquals(List.of("x", "y"), zk.getChildren("/", false, stat));
        assertStat(stat);
        assertEquals(new Request.PathWatch("/", false), nextRequest(sink, OpCode.GET_CHILDREN2));
        assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, zk.getACL("/a", stat));
        assertEquals(new Request.PathOnly("/a"), nextRequest(sink, OpCode.GET_ACL));
        zk.setACL("/a", ZooDefs.Ids.READ_ACL_UNSAFE, 5);
        assertEquals(new Request.SetAcl("/a", Acl.READ_ACL_UNSAFE, 5), nextRequest(sink, OpCode.SET_ACL));
        assertEquals(7, zk.getAllChildrenNumber("/"));
        assertEquals(new Request.PathOnly("/"), nextRequest(sink, OpCode.GET_ALL_CHILDREN_NUMBER));
        assertEquals(List.of("/e1"), zk.getEphemerals("/e"));
        assertEquals(new Request.PathOnly("/e"), nextRequest(sink, OpCode.GET_EPHEMERALS));
        assertEquals(List.of(new ClientInfo("ip", "127.0.0.1")), zk.whoAmI());
        assertEquals(Request.Empty.INSTANCE, nextRequest(sink, OpCode.WHO_AM_I));
    }

    private static void checkMultiAndWatches(ZooKeeper zk, RecordingSink sink, ClientConnection connection,
            BlockingQueue<WatchedEvent> events) throws Exception {
        List<org.apache.zookeeper.OpResult> results = zk.multi(List.of(
                Op.create("/m", DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData("/m", DATA, 0), Op.check("/m", 1), Op.delete("/m", 1)));
        assertEquals("/m", ((org.apache.zookeeper.OpResult.CreateResult) results.get(0)).getPath());
        assertInstanceOf(org.apache.zookeeper.OpResult.DeleteResult.class, results.get(3));
        Request.Multi multi = (Request.Multi) nextRequest(sink, OpCode.MULTI);
        assertEquals(List.of(OpCode.CREATE, OpCode.SET_DATA, OpCode.CHECK, OpCode.DELETE),
                multi.ops().stream().map(Request.Op::type).toList());
        assertEquals(new Request.CheckVersion("/m", 1), multi.ops().get(2).request());

        zk.addWatch("/r", AddWatchMode.PERSISTENT_RECURSIVE);
        assertEquals(new Request.AddWatch("/r", 1), nextRequest(sink, OpCode.ADD_WATCH));

        Watcher watcher = events::add;
        assertNull(zk.exists("/w", watcher));
        assertEquals(new Request.PathWatch("/w", true), nextRequest(sink, OpCode.EXISTS));
        connection.sendNotification(sink.lastZxid(), new WatcherEvent(Watcher.Event.EventType.NodeCreated.getIntValue(),
                WatcherEvent.STATE_SYNC_CONNECTED, "/w"));
        connection.flush();
        WatchedEvent event = events.poll(10, TimeUnit.SECONDS);
        assertEquals(Watcher.Event.EventType.NodeCreated, event.getType());
        assertEquals("/w", event.getPath());
        zk.sync("/w");
        assertEquals(new Request.PathOnly("/w"), nextRequest(sink, OpCode.SYNC));
    }

    private static void assertStat(org.apache.zookeeper.data.Stat s) {
        assertEquals(new org.apache.zookeeper.data.Stat(STAT.czxid(), STAT.mzxid(), STAT.ctime(), STAT.mtime(),
                STAT.version(), STAT.cversion(), STAT.aversion(), STAT.ephemeralOwner(), STAT.dataLength(),
                STAT.numChildren(), STAT.pzxid()), s);
    }
}
