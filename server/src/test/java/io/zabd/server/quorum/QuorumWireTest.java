package io.zabd.server.quorum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.server.config.QuorumServer;
import io.zabd.server.zab.ServerState;
import io.zabd.server.zab.ZabMessage;
import io.zabd.server.zab.ZabMessage.QuorumPacket;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The peer wire format round-trips every message, and a transport survives malformed input. */
class QuorumWireTest {
    private static final List<ZabMessage> ALL = List.of(
            new ZabMessage.Notification(3, 0x100000002L, 7, 1, ServerState.LEADING),
            new QuorumPacket(5, 0, new ZabMessage.FollowerInfo(1, 3, 42)),
            new QuorumPacket(5, 1, new ZabMessage.ObserverInfo(1, -1, 42)),
            new QuorumPacket(5, 2, new ZabMessage.LeaderInfo(2)),
            new QuorumPacket(5, 3, new ZabMessage.AckEpoch(1, 42)),
            new QuorumPacket(5, 4, new ZabMessage.Diff(40)),
            new QuorumPacket(5, 5, new ZabMessage.Trunc(39, 38)),
            new QuorumPacket(5, 6, new ZabMessage.Snap(37, 36)),
            new QuorumPacket(5, 7, new ZabMessage.Proposal(43, new byte[] {1, 2, 3})),
            new QuorumPacket(5, 8, new ZabMessage.Commit(43)),
            new QuorumPacket(5, 9, new ZabMessage.NewLeader(2, 43)),
            new QuorumPacket(5, 10, new ZabMessage.Ack(43)),
            new QuorumPacket(5, 11, new ZabMessage.UpToDate(43)),
            new QuorumPacket(5, 12, new ZabMessage.Ping()),
            new QuorumPacket(5, 13, new ZabMessage.Inform(44, new byte[] {9})),
            new QuorumPacket(5, 14, new ZabMessage.Request(new byte[0])),
            new QuorumPacket(5, 15, new ZabMessage.Sync(new byte[] {7, 8})));

    @Test
    void everyMessageRoundTrips() {
        for (ZabMessage m : ALL) {
            ByteBuf b = Unpooled.buffer();
            QuorumWire.writeMessage(b, m);
            byte type = b.readByte();
            ZabMessage back = QuorumWire.readMessage(type, b);
            assertEquals(normal(m), normal(back), "round trip of " + m);
        }
    }

    /** Records with byte[] fields compare by identity: compare their encodings instead. */
    private static String normal(ZabMessage m) {
        ByteBuf b = Unpooled.buffer();
        QuorumWire.writeMessage(b, m);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    @Test
    void malformedFramesAreRefused() {
        ByteBuf shortFrame = Unpooled.buffer().writeLong(1).writeLong(2);
        assertThrows(QuorumWire.WireException.class, () -> QuorumWire.readMessage(QuorumWire.PACKET, shortFrame));
        ByteBuf badBody = Unpooled.buffer().writeLong(1).writeLong(2).writeByte(99);
        assertThrows(QuorumWire.WireException.class, () -> QuorumWire.readMessage(QuorumWire.PACKET, badBody));
        ByteBuf hugeBytes = Unpooled.buffer().writeLong(1).writeLong(2).writeByte(15).writeInt(1 << 30);
        assertThrows(QuorumWire.WireException.class, () -> QuorumWire.readMessage(QuorumWire.PACKET, hugeBytes));
        ByteBuf trailing = Unpooled.buffer().writeLong(1).writeLong(2).writeByte(13).writeByte(0);
        assertThrows(QuorumWire.WireException.class, () -> QuorumWire.readMessage(QuorumWire.PACKET, trailing));
        ByteBuf badState = Unpooled.buffer().writeLong(1).writeLong(2).writeLong(3).writeLong(4).writeByte(9);
        assertThrows(QuorumWire.WireException.class, () -> QuorumWire.readMessage(QuorumWire.NOTIFICATION, badState));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void garbageClosesTheLinkAndTheTransportGoesOn() throws Exception {
        int e1 = freePort();
        int q1 = freePort();
        Map<Long, QuorumServer> servers = twoMembers(q1, e1);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        PeerTransport t = new PeerTransport(1, servers, PeerTransport.Limits.defaults(4096), new PeerTransport.Receiver() {
            @Override
            public void onMessage(long from, ZabMessage message, SnapshotDelta snapshot) {
                received.add(from + ":" + message);
            }

            @Override
            public void onQuorumLinkClosed(long peer) {
                received.add("closed " + peer);
            }
        });
        t.start();
        try {
            // an oversized frame, a frame without HELLO, a HELLO from a non-member: each link is closed
            assertClosedAfter(e1, out -> out.writeInt(1 << 30));
            assertClosedAfter(e1, out -> {
                out.writeInt(1);
                out.writeByte(QuorumWire.NOTIFICATION);
            });
            assertClosedAfter(e1, out -> hello(out, 9, QuorumWire.PORT_ELECTION));
            // a well-formed peer is still served
            try (Socket s = new Socket("127.0.0.1", e1)) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                hello(out, 2, QuorumWire.PORT_ELECTION);
                ByteBuf b = Unpooled.buffer();
                QuorumWire.writeMessage(b, ALL.get(0));
                out.writeInt(b.readableBytes());
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                out.write(bytes);
                out.flush();
                Object got = received.poll(10, TimeUnit.SECONDS);
                assertEquals("2:" + ALL.get(0), got);
            }
        } finally {
            t.close();
        }
    }

    /** A peer that stops reading: its outbound queue fills up and the link is dropped, not the process. */
    @Test
    void aPeerThatDoesNotReadLosesItsLink() throws Exception {
        int q1 = freePort();
        Map<Long, QuorumServer> servers = twoMembers(q1, freePort());
        PeerTransport.Limits limits = new PeerTransport.Limits(16 * 1024, 256 * 1024, 64, 1_000, 20, 1_000, 2_000, 1);
        PeerTransport t = new PeerTransport(1, servers, limits, IGNORE);
        t.start();
        try (Socket s = new Socket("127.0.0.1", q1)) {
            s.setReceiveBufferSize(4096);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            hello(out, 2, QuorumWire.PORT_QUORUM);
            out.flush();
            long deadline = awaitLink(t);
            byte[] txn = new byte[8 * 1024];
            for (int i = 0; i < 20_000 && t.droppedLinks() == 0; i++) {
                t.send(2, new QuorumPacket(1, i, new ZabMessage.Proposal(i, txn)), null);
                if (i % 100 == 0) {
                    Thread.sleep(1);
                }
            }
            while (t.droppedLinks() == 0 || t.linkCount() != 0) {
                assertTrue(System.nanoTime() < deadline, "the stuck link is dropped");
                Thread.sleep(5);
            }
        } finally {
            t.close();
        }
    }

    /** Queued messages stay in their link's batch until flush, then arrive complete and in order. */
    @Test
    void queuedMessagesLeaveOnFlushInOrder() throws Exception {
        int q1 = freePort();
        Map<Long, QuorumServer> servers = twoMembers(q1, freePort());
        PeerTransport t = new PeerTransport(1, servers, PeerTransport.Limits.defaults(4096), IGNORE);
        t.start();
        try (Socket s = new Socket("127.0.0.1", q1)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            hello(out, 2, QuorumWire.PORT_QUORUM);
            out.flush();
            awaitLink(t);
            List<ZabMessage> sent = new java.util.ArrayList<>();
            byte[] txn = new byte[1024];
            for (int i = 0; i < 400; i++) { // 400 KiB: more than one batch buffer
                txn[0] = (byte) i;
                ZabMessage m = new QuorumPacket(1, i, i % 3 == 0 ? new ZabMessage.Commit(i)
                        : new ZabMessage.Proposal(i, txn.clone()));
                sent.add(m);
                assertTrue(t.queue(2, m, null));
            }
            s.setSoTimeout(10_000);
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            t.flush();
            for (ZabMessage expected : sent) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                ByteBuf b = Unpooled.wrappedBuffer(frame);
                ZabMessage got = QuorumWire.readMessage(b.readByte(), b);
                assertEquals(normal(expected), normal(got));
            }
        } finally {
            t.close();
        }
    }

    /** Member 1 at quorum port {@code q1} and election port {@code e1}; member 2 on free ports. */
    private static Map<Long, QuorumServer> twoMembers(int q1, int e1) throws Exception {
        return Map.of(
                1L, new QuorumServer(1, new InetSocketAddress("127.0.0.1", q1), new InetSocketAddress("127.0.0.1", e1),
                        false, null),
                2L, new QuorumServer(2, new InetSocketAddress("127.0.0.1", freePort()),
                        new InetSocketAddress("127.0.0.1", freePort()), false, null));
    }

    private static final PeerTransport.Receiver IGNORE = new PeerTransport.Receiver() {
        @Override
        public void onMessage(long from, ZabMessage message, SnapshotDelta snapshot) {}

        @Override
        public void onQuorumLinkClosed(long peer) {}
    };

    /** The 18-byte HELLO frame of member {@code sid} on {@code port} (PORT_QUORUM or PORT_ELECTION). */
    private static void hello(DataOutputStream out, long sid, byte port) throws java.io.IOException {
        out.writeInt(18);
        out.writeByte(QuorumWire.HELLO);
        out.writeInt(QuorumWire.MAGIC);
        out.writeInt(QuorumWire.VERSION);
        out.writeLong(sid);
        out.writeByte(port);
    }

    /** Waits up to 10 s for the transport to register a link; returns that deadline (ns) for later waits. */
    private static long awaitLink(PeerTransport t) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.linkCount() == 0) {
            assertTrue(System.nanoTime() < deadline, "link registered");
            Thread.sleep(5);
        }
        return deadline;
    }

    private interface Writes {
        void to(DataOutputStream out) throws Exception;
    }

    private static void assertClosedAfter(int port, Writes w) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            w.to(out);
            out.flush();
            InputStream in = s.getInputStream();
            assertEquals(-1, in.read(), "the transport closes the link");
        }
    }

    @Test
    void bytesFieldsSurvive() {
        ByteBuf b = Unpooled.buffer();
        QuorumWire.writeMessage(b, ALL.get(8));
        b.readByte();
        QuorumPacket p = (QuorumPacket) QuorumWire.readMessage(QuorumWire.PACKET, b);
        assertArrayEquals(new byte[] {1, 2, 3}, ((ZabMessage.Proposal) p.body()).txn());
    }
}
