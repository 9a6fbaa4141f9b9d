package io.zabd.server.net;

import static io.zabd.server.net.RecordingSink.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.txn.OpCode;
import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.server.client.proto.ConnectResponse;
import io.zabd.server.client.proto.JuteRecord;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.client.proto.Response;
import io.zabd.server.config.FourLetterWhitelist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Goal: the client port frames, limits and routes exactly as specified: jute.maxbuffer on every frame,
 * bad frames close only their connection, connection limits per IP and in total, four-letter words
 * with the whitelist, and replies written from another thread arrive in order.
 */
class ClientTransportTest {
    private static final int MAX_FRAME = 4096;
    private RecordingSink sink;
    private ClientTransport transport;
    private InetSocketAddress address;

    private void start(int maxClientCnxns, int maxCnxns, String whitelist) throws Exception {
        sink = new RecordingSink((header, body) -> new RecordingSink.Reply(0, Response.Empty.INSTANCE));
        FourLetterWhitelist wl = whitelist == null ? FourLetterWhitelist.defaults()
                : FourLetterWhitelist.parse(whitelist, new ArrayList<>());
        TransportConfig config = new TransportConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                maxClientCnxns, maxCnxns, MAX_FRAME, wl, 2);
        transport = new ClientTransport(config, sink, new BasicFourLetterHandler());
        address = transport.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (transport != null) {
            transport.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static byte[] lengthOnly(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    private void assertServerStillServes() throws IOException {
        try (RawClient good = new RawClient(address)) {
            assertEquals(RecordingSink.SESSION_ID, good.handshake().sessionId());
        }
    }

    @Test
    void badFirstFramesCloseOnlyTheirConnection() throws Exception {
        start(0, 0, null);
        List<byte[]> bad = List.of(lengthOnly(MAX_FRAME + 1), lengthOnly(-1), lengthOnly(Integer.MIN_VALUE),
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        for (byte[] bytes : bad) {
            try (RawClient client = new RawClient(address)) {
                client.write(bytes);
                assertTrue(client.closedByServer());
            }
        }
        assertServerStillServes();
        assertEquals(1, sink.connects.size(), "no bad frame reached the sink");
    }

    @Test
    void oversizeOrMalformedLaterFramesCloseTheConnection() throws Exception {
        start(0, 0, null);
        JuteWriter internal = new JuteWriter();
        new RequestHeader(1, OpCode.CREATE_SESSION).encode(internal);
        internal.writeInt(30_000);
        JuteWriter truncated = new JuteWriter();
        new RequestHeader(2, OpCode.GET_DATA).encode(truncated);
        truncated.writeInt(100);
        List<byte[]> bad = List.of(lengthOnly(MAX_FRAME + 1), framed(internal.toByteArray(0)), framed(truncated.toByteArray(0)));
        for (byte[] bytes : bad) {
            try (RawClient client = new RawClient(address)) {
                client.handshake();
                client.write(bytes);
                assertTrue(client.closedByServer());
                next(sink.disconnects);
            }
        }
        assertServerStillServes();
    }

    private static byte[] framed(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    @Test
    void framesSplitByteByByteOrBatchedDecodeInOrder() throws Exception {
        start(0, 0, null);
        try (RawClient client = new RawClient(address)) {
            byte[] connect = RawClient.frame(new ConnectRequest(0, 7, 12_000, 0, new byte[16], true));
            for (byte b : connect) {
                client.write(new byte[] {b});
            }
            ConnectRequest received = next(sink.connects);
            assertEquals(7, received.lastZxidSeen());
            assertTrue(received.readOnly());
            ConnectResponse response = ConnectResponse.decode(new io.zabd.engine.jute.JuteReader(client.readFrame()));
            assertEquals(12_000, response.timeOutMs());

            int n = 200;
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int xid = 1; xid <= n; xid++) {
                JuteRecord body = new Request.PathWatch("/node-" + xid, xid % 2 == 0);
                batch.write(RawClient.frame(new RequestHeader(xid, OpCode.GET_DATA), body));
            }
            client.write(batch.toByteArray());
            for (int xid = 1; xid <= n; xid++) {
                RecordingSink.Received r = next(sink.requests);
                assertEquals(xid, r.header().xid());
                assertEquals(new Request.PathWatch("/node-" + xid, xid % 2 == 0), r.body());
            }
            for (int xid = 1; xid <= n; xid++) {
                ReplyHeader reply = client.readReplyHeader();
                assertEquals(xid, reply.xid(), "replies written from another thread keep their order");
            }
            assertTrue(sink.readCompletes.get() >= 1);
        }
    }

    @Test
    void fourLetterWordsHonourTheWhitelist() throws Exception {
        start(0, 0, "ruok");
        assertEquals("imok", fourLetterWord("ruok"));
        assertEquals("stat is not executed because it is not in the whitelist.\n", fourLetterWord("stat"));
        assertEquals("mntr is not executed because it is not in the whitelist.\n", fourLetterWord("mntr"));
        assertEquals(FourLetterWords.notImplementedReply("srvr"), fourLetterWord("srvr"), "srvr is always allowed");
        try (RawClient client = new RawClient(address)) {
            client.handshake();
            client.write("ruok".getBytes(StandardCharsets.US_ASCII));
            assertTrue(client.closedByServer(), "after the handshake ruok is a 1.9 GB frame length");
        }
        assertEquals(0, sink.requests.size());
    }

    private String fourLetterWord(String word) throws IOException {
        try (RawClient client = new RawClient(address)) {
            client.write(word.getBytes(StandardCharsets.US_ASCII));
            return new String(client.readAll(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void maxClientCnxnsPerAddressRejectsTheExtraConnection() throws Exception {
        start(2, 0, null);
        try (RawClient first = new RawClient(address); RawClient second = new RawClient(address)) {
            first.handshake();
            second.handshake();
            try (RawClient third = new RawClient(address)) {
                assertTrue(third.closedByServer());
            }
            assertEquals(2, transport.connectionCount());
            first.close();
            await(() -> transport.connectionCount() == 1, "the closed connection to be released");
            try (RawClient again = new RawClient(address)) {
                assertEquals(RecordingSink.SESSION_ID, again.handshake().sessionId());
            }
        }
    }

    @Test
    void maxCnxnsLimitsTheTotal() throws Exception {
        start(0, 1, null);
        try (RawClient first = new RawClient(address)) {
            first.handshake();
            try (RawClient second = new RawClient(address)) {
                assertTrue(second.closedByServer());
            }
        }
        await(() -> transport.connectionCount() == 0, "the connection count to drop to 0");
        assertServerStillServes();
    }

    @Test
    void readsPauseAndResume() throws Exception {
        start(0, 0, null);
        try (RawClient client = new RawClient(address)) {
            client.handshake();
            ClientConnection connection = next(sink.connections);
            connection.setReadEnabled(false).toCompletableFuture().get(10, TimeUnit.SECONDS);
            client.write(RawClient.frame(new RequestHeader(1, OpCode.SYNC), new Request.PathOnly("/")));
            assertEquals(null, sink.requests.poll(200, TimeUnit.MILLISECONDS));
            connection.setReadEnabled(true);
            assertEquals(1, next(sink.requests).header().xid());
            assertEquals(1, client.readReplyHeader().xid());
            connection.close();
            assertTrue(client.closedByServer());
        }
    }
}
