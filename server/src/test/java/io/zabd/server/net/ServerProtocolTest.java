package io.zabd.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.txn.OpCode;
import io.zabd.server.ZabdServer;
import io.zabd.server.ZabdServerTest;
import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.server.client.proto.ConnectResponse;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: zabd's answers to raw handshakes and refused frames: an unknown session gets ZooKeeper's
 * "expired" ConnectResponse (timeout 0, session 0, 16 zero bytes) then a close; a client ahead of the
 * server's zxid is refused; server-internal op codes close the connection; the readOnly byte is false.
 */
class ServerProtocolTest {
    private static ConnectResponse connect(RawClient c, ConnectRequest request) throws Exception {
        c.write(RawClient.frame(request));
        return ConnectResponse.decode(new JuteReader(c.readFrame()));
    }

    @Test
    void unknownSessionIsAnsweredAsExpired(@TempDir Path dir) throws Exception {
        try (ZabdServer server = ZabdServer.start(ZabdServerTest.config(dir, ""));
                RawClient c = new RawClient(server.clientAddress())) {
            ConnectResponse r = connect(c, new ConnectRequest(0, 0, 30_000, 0x0123_4567_89abL, new byte[16], false));
            assertEquals(0, r.timeOutMs());
            assertEquals(0, r.sessionId());
            assertArrayEquals(new byte[16], r.passwd());
            assertFalse(r.readOnly());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void readOnlyClientGetsAReadWriteSession(@TempDir Path dir) throws Exception {
        try (ZabdServer server = ZabdServer.start(ZabdServerTest.config(dir, ""));
                RawClient c = new RawClient(server.clientAddress())) {
            ConnectResponse r = connect(c, new ConnectRequest(0, 0, 30_000, 0, new byte[16], true));
            assertTrue(r.sessionId() != 0);
            assertEquals(30_000, r.timeOutMs());
            assertEquals(16, r.passwd().length);
            assertFalse(r.readOnly(), "a standalone read-write server");
            c.write(RawClient.frame(new RequestHeader(RequestHeader.PING_XID, OpCode.PING)));
            ReplyHeader ping = c.readReplyHeader();
            assertEquals(RequestHeader.PING_XID, ping.xid());
            assertEquals(0, ping.err());
        }
    }

    @Test
    void clientAheadOfTheServerIsRefused(@TempDir Path dir) throws Exception {
        try (ZabdServer server = ZabdServer.start(ZabdServerTest.config(dir, ""));
                RawClient c = new RawClient(server.clientAddress())) {
            c.write(RawClient.frame(new ConnectRequest(0, 1L << 40, 30_000, 0, new byte[16], false)));
            assertTrue(c.closedByServer(), "no session for a client that has seen the future");
        }
    }

    @Test
    void serverInternalOpCodesCloseTheConnection(@TempDir Path dir) throws Exception {
        try (ZabdServer server = ZabdServer.start(ZabdServerTest.config(dir, ""))) {
            for (int op : new int[] {OpCode.CREATE_SESSION, OpCode.DELETE_CONTAINER, OpCode.ERROR, OpCode.NOTIFICATION}) {
                try (RawClient c = new RawClient(server.clientAddress())) {
                    ConnectResponse r = c.handshake();
                    assertTrue(r.sessionId() != 0);
                    c.write(RawClient.frame(new RequestHeader(1, op), new Request.PathOnly("/")));
                    assertTrue(c.closedByServer(), "op " + op + " refused");
                }
            }
        }
    }
}
