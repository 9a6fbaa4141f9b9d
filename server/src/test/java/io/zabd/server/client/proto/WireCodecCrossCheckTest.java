package io.zabd.server.client.proto;

import io.zabd.engine.tree.KeeperCode;

import static io.zabd.server.client.proto.OfficialJute.bytes;
import static io.zabd.server.client.proto.OfficialJute.parse;
import static io.zabd.server.client.proto.OfficialJute.reader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.jute.Record;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.MultiResponse;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.proto.AddWatchRequest;
import org.apache.zookeeper.proto.AuthPacket;
import org.apache.zookeeper.proto.CheckVersionRequest;
import org.apache.zookeeper.proto.CheckWatchesRequest;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.ConnectResponse;
import org.apache.zookeeper.proto.Create2Response;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.CreateTTLRequest;
import org.apache.zookeeper.proto.DeleteRequest;
import org.apache.zookeeper.proto.ErrorResponse;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.ExistsResponse;
import org.apache.zookeeper.proto.GetACLRequest;
import org.apache.zookeeper.proto.GetACLResponse;
import org.apache.zookeeper.proto.GetAllChildrenNumberRequest;
import org.apache.zookeeper.proto.GetAllChildrenNumberResponse;
import org.apache.zookeeper.proto.GetChildren2Request;
import org.apache.zookeeper.proto.GetChildren2Response;
import org.apache.zookeeper.proto.GetChildrenRequest;
import org.apache.zookeeper.proto.GetChildrenResponse;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.GetDataResponse;
import org.apache.zookeeper.proto.GetEphemeralsRequest;
import org.apache.zookeeper.proto.GetEphemeralsResponse;
import org.apache.zookeeper.proto.ReconfigRequest;
import org.apache.zookeeper.proto.RemoveWatchesRequest;
import org.apache.zookeeper.proto.SetACLRequest;
import org.apache.zookeeper.proto.SetACLResponse;
import org.apache.zookeeper.proto.SetDataRequest;
import org.apache.zookeeper.proto.SetDataResponse;
import org.apache.zookeeper.proto.SetWatches;
import org.apache.zookeeper.proto.SetWatches2;
import org.apache.zookeeper.proto.SyncRequest;
import org.apache.zookeeper.proto.SyncResponse;
import org.apache.zookeeper.proto.WhoAmIResponse;
import org.junit.jupiter.api.Test;

/**
 * Goal: every wire record zabd encodes or decodes is byte-for-byte the layout of the official
 * ZooKeeper 3.9.5 jute classes, in both directions (theirs encode / ours decode, ours encode /
 * theirs decode).
 */
class WireCodecCrossCheckTest {
    private static final byte[] DATA = "payload-é".getBytes(StandardCharsets.UTF_8);
    private static final org.apache.zookeeper.data.Stat THEIR_STAT =
            new org.apache.zookeeper.data.Stat(1L, 2L, 3L, 4L, 5, 6, 7, 0x1234L, 8, 9, 10L);
    private static final Stat OUR_STAT = new Stat(1L, 2L, 3L, 4L, 5, 6, 7, 0x1234L, 8, 9, 10L);
    private static final List<ACL> THEIR_ACL = List.of(new ACL(31, new Id("world", "anyone")),
            new ACL(1, new Id("digest", "u:abc=")));
    private static final List<Acl> OUR_ACL = List.of(new Acl(31, "world", "anyone"), new Acl(1, "digest", "u:abc="));

    /** Their bytes decode with ours as a request of {@code type}, and ours re-encode to the same bytes. */
    private static Request requestRoundTrip(int type, Record theirs) {
        byte[] expected = bytes(theirs);
        Request ours = RequestCodec.decode(type, reader(expected));
        assertArrayEquals(expected, ours.toBytes(), "re-encoded " + OpCode.name(type));
        return ours;
    }

    private static Response responseRoundTrip(int type, Record theirs) {
        byte[] expected = bytes(theirs);
        Response ours = ResponseCodec.decode(type, reader(expected));
        assertArrayEquals(expected, ours.toBytes(), "re-encoded response " + OpCode.name(type));
        return ours;
    }

    @Test
    void connectRequestBothWaysAndWithoutReadOnlyByte() {
        ConnectRequest theirs = new ConnectRequest(0, 0x500000007L, 30000, 0xabcdefL, new byte[16], true);
        byte[] b = bytes(theirs);
        var ours = io.zabd.server.client.proto.ConnectRequest.decode(reader(b));
        assertEquals(new io.zabd.server.client.proto.ConnectRequest(0, 0x500000007L, 30000, 0xabcdefL, new byte[16], true), ours);
        assertArrayEquals(b, ours.toBytes());
        ConnectRequest back = parse(new ConnectRequest(), ours.toBytes());
        assertEquals(theirs, back);
        var old = io.zabd.server.client.proto.ConnectRequest.decode(reader(Arrays.copyOf(b, b.length - 1)));
        assertFalse(old.readOnly());
        assertEquals(0xabcdefL, old.sessionId());
    }

    @Test
    void connectResponseBothWays() {
        ConnectResponse theirs = new ConnectResponse(0, 12000, 0x77L, new byte[] {1, 2, 3}, false);
        byte[] b = bytes(theirs);
        var ours = io.zabd.server.client.proto.ConnectResponse.decode(reader(b));
        assertEquals(new io.zabd.server.client.proto.ConnectResponse(0, 12000, 0x77L, new byte[] {1, 2, 3}, false), ours);
        assertEquals(theirs, parse(new ConnectResponse(), ours.toBytes()));
    }

    @Test
    void headersWatcherEventAndStat() {
        var rh = new org.apache.zookeeper.proto.RequestHeader(42, OpCode.CREATE2);
        assertEquals(new RequestHeader(42, OpCode.CREATE2), RequestHeader.decode(reader(bytes(rh))));
        assertArrayEquals(bytes(rh), new RequestHeader(42, OpCode.CREATE2).toBytes());
        var reply = new org.apache.zookeeper.proto.ReplyHeader(-1, 0x100000002L, KeeperCode.NONODE);
        assertEquals(new ReplyHeader(-1, 0x100000002L, KeeperCode.NONODE), ReplyHeader.decode(reader(bytes(reply))));
        assertArrayEquals(bytes(reply), new ReplyHeader(-1, 0x100000002L, KeeperCode.NONODE).toBytes());
        var ev = new org.apache.zookeeper.proto.WatcherEvent(3, 3, "/a/b");
        assertEquals(new WatcherEvent(3, 3, "/a/b"), WatcherEvent.decode(reader(bytes(ev))));
        assertEquals(ev, parse(new org.apache.zookeeper.proto.WatcherEvent(), new WatcherEvent(3, 3, "/a/b").toBytes()));
        assertEquals(OUR_STAT, Stat.decode(reader(bytes(THEIR_STAT))));
        assertEquals(THEIR_STAT, parse(new org.apache.zookeeper.data.Stat(), OUR_STAT.toBytes()));
        assertEquals(Stat.ENCODED_BYTES, bytes(THEIR_STAT).length);
    }

    @Test
    void createRequestsBothWays() {
        var c = (Request.Create) requestRoundTrip(OpCode.CREATE, new CreateRequest("/n", DATA, THEIR_ACL, 3));
        assertEquals("/n", c.path());
        assertArrayEquals(DATA, c.data());
        assertEquals(OUR_ACL, c.acl());
        assertEquals(3, c.flags());
        requestRoundTrip(OpCode.CREATE2, new CreateRequest("/n", null, THEIR_ACL, 0));
        requestRoundTrip(OpCode.CREATE_CONTAINER, new CreateRequest("/c", DATA, THEIR_ACL, 4));
        var ttl = (Request.CreateTtl) requestRoundTrip(OpCode.CREATE_TTL, new CreateTTLRequest("/t", DATA, THEIR_ACL, 5, 9000L));
        assertEquals(9000L, ttl.ttlMs());
        CreateRequest back = parse(new CreateRequest(), new Request.Create("/n", DATA, OUR_ACL, 1).toBytes());
        assertEquals(new CreateRequest("/n", DATA, THEIR_ACL, 1), back);
    }

    @Test
    void pathRequestsBothWays() {
        assertEquals(new Request.Delete("/d", 7), requestRoundTrip(OpCode.DELETE, new DeleteRequest("/d", 7)));
        assertEquals(new Request.PathWatch("/e", true), requestRoundTrip(OpCode.EXISTS, new ExistsRequest("/e", true)));
        assertEquals(new Request.PathWatch("/g", false), requestRoundTrip(OpCode.GET_DATA, new GetDataRequest("/g", false)));
        requestRoundTrip(OpCode.GET_CHILDREN, new GetChildrenRequest("/k", true));
        requestRoundTrip(OpCode.GET_CHILDREN2, new GetChildren2Request("/k", false));
        requestRoundTrip(OpCode.GET_ACL, new GetACLRequest("/acl"));
        requestRoundTrip(OpCode.SYNC, new SyncRequest("/s"));
        requestRoundTrip(OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberRequest("/all"));
        requestRoundTrip(OpCode.GET_EPHEMERALS, new GetEphemeralsRequest("/prefix"));
        requestRoundTrip(OpCode.CHECK, new CheckVersionRequest("/v", 3));
        var sd = (Request.SetData) requestRoundTrip(OpCode.SET_DATA, new SetDataRequest("/sd", DATA, -1));
        assertEquals(-1, sd.version());
        var sa = (Request.SetAcl) requestRoundTrip(OpCode.SET_ACL, new SetACLRequest("/sa", THEIR_ACL, 2));
        assertEquals(OUR_ACL, sa.acl());
        assertEquals(new ExistsRequest("/e", true), parse(new ExistsRequest(), new Request.PathWatch("/e", true).toBytes()));
        assertEquals(new DeleteRequest("/d", 7), parse(new DeleteRequest(), new Request.Delete("/d", 7).toBytes()));
    }

    @Test
    void watchAuthAndReconfigRequestsBothWays() {
        var sw = (Request.SetWatches) requestRoundTrip(OpCode.SET_WATCHES,
                new SetWatches(0x10L, List.of("/d1", "/d2"), List.of(), List.of("/c")));
        assertEquals(List.of("/d1", "/d2"), sw.dataWatches());
        assertFalse(sw.version2());
        var sw2 = (Request.SetWatches) requestRoundTrip(OpCode.SET_WATCHES2,
                new SetWatches2(0x11L, List.of(), List.of("/x"), List.of(), List.of("/p"), List.of("/r1", "/r2")));
        assertEquals(List.of("/r1", "/r2"), sw2.persistentRecursiveWatches());
        assertEquals(new Request.AddWatch("/w", 1), requestRoundTrip(OpCode.ADD_WATCH, new AddWatchRequest("/w", 1)));
        assertEquals(new Request.WatchType("/w", 3), requestRoundTrip(OpCode.REMOVE_WATCHES, new RemoveWatchesRequest("/w", 3)));
        requestRoundTrip(OpCode.CHECK_WATCHES, new CheckWatchesRequest("/w", 2));
        var auth = (Request.Auth) requestRoundTrip(OpCode.AUTH, new AuthPacket(0, "digest", "u:p".getBytes(StandardCharsets.UTF_8)));
        assertEquals("digest", auth.scheme());
        requestRoundTrip(OpCode.RECONFIG, new ReconfigRequest("server.4=h:1:2", null, null, -1L));
        assertEquals(Request.Empty.INSTANCE, RequestCodec.decode(OpCode.PING, reader(new byte[0])));
        assertEquals(Request.Empty.INSTANCE, RequestCodec.decode(OpCode.WHO_AM_I, reader(new byte[0])));
        assertEquals(Request.Empty.INSTANCE, RequestCodec.decode(OpCode.CLOSE_SESSION, reader(new byte[0])));
    }

    @Test
    void multiRequestBothWays() throws Exception {
        MultiOperationRecord theirs = new MultiOperationRecord(List.of(
                Op.create("/m", DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT),
                Op.delete("/m2", 4), Op.setData("/m3", DATA, -1), Op.check("/m4", 0)));
        var multi = (Request.Multi) requestRoundTrip(OpCode.MULTI, theirs);
        assertEquals(List.of(OpCode.CREATE, OpCode.DELETE, OpCode.SET_DATA, OpCode.CHECK),
                multi.ops().stream().map(Request.Op::type).toList());
        assertEquals(new Request.Delete("/m2", 4), multi.ops().get(1).request());
        assertEquals(theirs, parse(new MultiOperationRecord(), multi.toBytes()));

        MultiOperationRecord reads = new MultiOperationRecord(List.of(Op.getData("/a"), Op.getChildren("/b")));
        var multiRead = (Request.Multi) requestRoundTrip(OpCode.MULTI_READ, reads);
        assertEquals(2, multiRead.ops().size());
    }

    @Test
    void responsesBothWays() {
        assertEquals(new Response.Path("/p"), responseRoundTrip(OpCode.CREATE, new CreateResponse("/p")));
        assertEquals(new Response.Path("/s"), responseRoundTrip(OpCode.SYNC, new SyncResponse("/s")));
        assertEquals(new Response.Create2("/p", OUR_STAT), responseRoundTrip(OpCode.CREATE2, new Create2Response("/p", THEIR_STAT)));
        assertEquals(new Response.StatOnly(OUR_STAT), responseRoundTrip(OpCode.EXISTS, new ExistsResponse(THEIR_STAT)));
        responseRoundTrip(OpCode.SET_DATA, new SetDataResponse(THEIR_STAT));
        responseRoundTrip(OpCode.SET_ACL, new SetACLResponse(THEIR_STAT));
        var gd = (Response.GetData) responseRoundTrip(OpCode.GET_DATA, new GetDataResponse(DATA, THEIR_STAT));
        assertArrayEquals(DATA, gd.data());
        var acl = (Response.GetAcl) responseRoundTrip(OpCode.GET_ACL, new GetACLResponse(THEIR_ACL, THEIR_STAT));
        assertEquals(OUR_ACL, acl.acl());
        assertEquals(new Response.Children(List.of("a", "b")),
                responseRoundTrip(OpCode.GET_CHILDREN, new GetChildrenResponse(List.of("a", "b"))));
        assertEquals(new Response.Children2(List.of("c"), OUR_STAT),
                responseRoundTrip(OpCode.GET_CHILDREN2, new GetChildren2Response(List.of("c"), THEIR_STAT)));
        assertEquals(new Response.Count(12), responseRoundTrip(OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberResponse(12)));
        responseRoundTrip(OpCode.GET_EPHEMERALS, new GetEphemeralsResponse(List.of("/e1", "/e2")));
        assertEquals(new Response.Error(0), responseRoundTrip(OpCode.ADD_WATCH, new ErrorResponse(0)));
        var who = (Response.WhoAmI) responseRoundTrip(OpCode.WHO_AM_I,
                new WhoAmIResponse(List.of(new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "u"))));
        assertEquals(new Response.ClientInfo("digest", "u"), who.clientInfo().get(1));
        assertEquals(new GetDataResponse(DATA, THEIR_STAT),
                parse(new GetDataResponse(), new Response.GetData(DATA, OUR_STAT).toBytes()));
        assertEquals(Response.Empty.INSTANCE, ResponseCodec.decode(OpCode.DELETE, reader(new byte[0])));
    }

    @Test
    void multiResponseBothWays() {
        MultiResponse theirs = new MultiResponse();
        theirs.add(new org.apache.zookeeper.OpResult.CreateResult("/a"));
        theirs.add(new org.apache.zookeeper.OpResult.CreateResult("/b", THEIR_STAT));
        theirs.add(new org.apache.zookeeper.OpResult.DeleteResult());
        theirs.add(new org.apache.zookeeper.OpResult.SetDataResult(THEIR_STAT));
        theirs.add(new org.apache.zookeeper.OpResult.CheckResult());
        theirs.add(new org.apache.zookeeper.OpResult.ErrorResult(KeeperCode.BADVERSION));
        var ours = (Response.Multi) responseRoundTrip(OpCode.MULTI, theirs);
        assertEquals(new OpResult.Create("/a", null), ours.results().get(0));
        assertEquals(new OpResult.Create("/b", OUR_STAT), ours.results().get(1));
        assertInstanceOf(OpResult.Delete.class, ours.results().get(2));
        assertEquals(new OpResult.Error(KeeperCode.BADVERSION), ours.results().get(5));
        assertEquals(theirs, parse(new MultiResponse(), ours.toBytes()));

        MultiResponse reads = new MultiResponse();
        reads.add(new org.apache.zookeeper.OpResult.GetDataResult(DATA, THEIR_STAT));
        reads.add(new org.apache.zookeeper.OpResult.GetChildrenResult(List.of("x")));
        reads.add(new org.apache.zookeeper.OpResult.ErrorResult(KeeperCode.NONODE));
        var oursRead = (Response.Multi) responseRoundTrip(OpCode.MULTI_READ, reads);
        assertEquals(new OpResult.GetChildren(List.of("x")), oursRead.results().get(1));
    }

    @Test
    void keeperCodesMatchKeeperExceptionCode() {
        KeeperException.Code[] theirs = KeeperException.Code.values();
        assertEquals(theirs.length, KeeperCode.all().length);
        for (KeeperException.Code c : theirs) {
            assertEquals(c.name(), KeeperCode.name(c.intValue()), "code " + c.intValue());
        }
        assertTrue(KeeperCode.name(-9999).startsWith("UNKNOWN"));
        assertNull(new Request.Create("/x", null, List.of(), 0).data());
    }
}
