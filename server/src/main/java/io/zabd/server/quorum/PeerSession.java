package io.zabd.server.quorum;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.snapshot.SnapshotCodec;
import io.zabd.engine.snapshot.SnapshotCursor;
import io.zabd.engine.snapshot.SnapshotSink;
import io.zabd.engine.snapshot.SnapshotStoreException;
import io.zabd.engine.snapshot.SnapshotView;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Acl;
import io.zabd.server.quorum.QuorumWire.WireException;
import io.zabd.server.quorum.storage.SnapshotImageBuilder;
import io.zabd.server.zab.ZabMessage;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a peer, on one port. Inbound: HELLO first (accepted side), then messages,
 * SNAP packets held until their streamed snapshot has ended. Outbound: a queue of frames and SNAP
 * streams drained while the channel is writable, bounded by {@code outboundBytesMax}. Producers put
 * frames into a concurrent inbox; the event loop takes the whole inbox in one task (scheduled once
 * per batch, not per frame) and flushes once per batch. Every other field is touched only on the
 * channel's event loop.
 */
final class PeerSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);
    /** First capacity of a batch buffer (it grows as frames are added). */
    private static final int BATCH_INITIAL_BYTES = 8 * 1024;

    private final PeerTransport transport;
    private final Channel ch;
    private final byte port;
    private final boolean dialer;
    private volatile long peerId;
    private boolean introduced;
    /** Frames handed over by producers (any thread), taken by the event loop in one task per batch. */
    private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainInbox = this::drainInbox;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean closing;
    // inbound SNAP assembly
    private ZabMessage.QuorumPacket snapPacket;
    private SnapshotImageBuilder snapImage;

    PeerSession(PeerTransport transport, Channel ch, byte port, long peerId, boolean dialer) {
        this.transport = transport;
        this.ch = ch;
        this.port = port;
        this.peerId = peerId;
        this.dialer = dialer;
        this.introduced = dialer;
    }

    byte port() {
        return port;
    }

    long peerId() {
        return peerId;
    }

    private String name() {
        return (port == QuorumWire.PORT_ELECTION ? "election" : "quorum") + " link " + transport.myId() + "<->"
                + peerId + " " + ch.remoteAddress();
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (dialer) {
            ByteBuf hello = ctx.alloc().buffer(32);
            hello.writeInt(0);
            QuorumWire.writeHello(hello, transport.myId(), port);
            hello.setInt(0, hello.readableBytes() - 4);
            ctx.writeAndFlush(hello);
            transport.register(this);
            LOG.info("{} connected", name());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (introduced) {
            transport.unregister(this);
            LOG.info("{} closed", name());
            if (port == QuorumWire.PORT_QUORUM) {
                transport.receiver().onQuorumLinkClosed(peerId);
            }
        }
        releaseQueue();
        ctx.fireChannelInactive();
    }

    void close(String reason) {
        ch.eventLoop().execute(() -> {
            if (!closing) {
                closing = true;
                LOG.warn("closing {}: {}", name(), reason);
                ch.close();
            }
        });
    }

    private void releaseQueue() {
        for (Object o : queue) {
            if (o instanceof ByteBuf b) {
                b.release();
            } else {
                ((SnapStream) o).close();
            }
        }
        queue.clear();
        queuedBytes = 0;
        Object o;
        while ((o = inbox.poll()) != null) {
            if (o instanceof FrameWithSnapshot f) {
                f.frame().release();
                f.snapshot().close();
            } else {
                ((ByteBuf) o).release();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (closing) {
                return;
            }
            byte type = (byte) QuorumWire.in1(frame);
            if (!introduced) {
                hello(type, frame);
            } else if (type == QuorumWire.SNAP_ENTRY) {
                snapEntry(frame);
            } else if (type == QuorumWire.NOTIFICATION || type == QuorumWire.PACKET) {
                message(type, frame);
            } else {
                throw new WireException("unexpected frame type " + type);
            }
        } catch (WireException | IllegalStateException | IllegalArgumentException | io.zabd.engine.jute.JuteException e) {
            transport.droppedLinks.incrementAndGet();
            close("malformed input: " + e.getMessage());
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        transport.receiver().onReadComplete();
        ctx.fireChannelReadComplete();
    }

    private void hello(byte type, ByteBuf in) {
        if (type != QuorumWire.HELLO) {
            throw new WireException("first frame is type " + type + ", not HELLO");
        }
        int magic = QuorumWire.in4(in);
        int version = QuorumWire.in4(in);
        long id = QuorumWire.in8(in);
        byte p = (byte) QuorumWire.in1(in);
        QuorumWire.expectEnd(in);
        if (magic != QuorumWire.MAGIC || version != QuorumWire.VERSION) {
            throw new WireException("HELLO with magic " + Integer.toHexString(magic) + " version " + version);
        }
        if (!transport.isMember(id) || id <= transport.myId()) {
            throw new WireException("HELLO from server " + id + ": not a member with a larger id than " + transport.myId());
        }
        if (p != port) {
            throw new WireException("HELLO for port kind " + p + " on port kind " + port);
        }
        peerId = id;
        introduced = true;
        transport.register(this);
        LOG.info("{} accepted", name());
    }

    private void message(byte type, ByteBuf in) {
        ZabMessage m = QuorumWire.readMessage(type, in);
        boolean electionMsg = m instanceof ZabMessage.Notification;
        if (electionMsg != (port == QuorumWire.PORT_ELECTION)) {
            throw new WireException((electionMsg ? "notification" : "quorum packet") + " on the wrong port");
        }
        if (snapPacket != null) {
            throw new WireException("packet while a SNAP stream is incomplete");
        }
        if (m instanceof ZabMessage.QuorumPacket p && p.body() instanceof ZabMessage.Snap) {
            snapPacket = p;
            snapImage = new SnapshotImageBuilder(transport.limits().snapEntriesMax());
            return;
        }
        transport.receiver().onMessage(peerId, m, null);
    }

    private void snapEntry(ByteBuf in) {
        if (snapImage == null) {
            throw new WireException("SNAP entry without a SNAP packet");
        }
        int kind = QuorumWire.in1(in);
        switch (kind) {
            case QuorumWire.ENTRY_ACL -> {
                long ref = QuorumWire.in8(in);
                snapImage.acl(ref, SnapshotCodec.acl(ref, QuorumWire.readBytes(in)));
            }
            case QuorumWire.ENTRY_SESSION -> snapImage.session(QuorumWire.in8(in), QuorumWire.in4(in));
            case QuorumWire.ENTRY_NODE -> {
                String path = QuorumWire.readString(in);
                snapImage.node(SnapshotCodec.node(path, QuorumWire.readBytes(in)));
            }
            case QuorumWire.ENTRY_END -> snapImage.end(QuorumWire.in8(in), QuorumWire.in8(in));
            default -> throw new WireException("unknown SNAP entry kind " + kind);
        }
        QuorumWire.expectEnd(in);
        if (snapImage.ended()) {
            ZabMessage.QuorumPacket p = snapPacket;
            SnapshotImageBuilder image = snapImage;
            snapPacket = null;
            snapImage = null;
            transport.receiver().onMessage(peerId, p, image.build());
        }
    }

    // ---------------------------------------------------------------- outbound

    /** A frame with the SNAP stream that follows it (one inbox element, so producers never split them). */
    private record FrameWithSnapshot(ByteBuf frame, SnapshotView snapshot) {}

    /**
     * Queues a frame (and the SNAP stream that follows it, if any); any thread. With
     * {@code schedule} false the frame waits in the inbox until {@link #schedule()}: a producer that
     * sends many messages in one duty cycle hands the event loop one batch (one task, one flush).
     */
    void enqueue(ByteBuf frame, SnapshotView snapshot, boolean schedule) {
        inbox.offer(snapshot == null ? frame : new FrameWithSnapshot(frame, snapshot));
        if (schedule) {
            schedule();
        }
    }

    /**
     * The batch being filled by the queueing thread ({@link PeerTransport#queue}), or null: frames
     * encoded back to back into one buffer, handed to the inbox as one element by {@link #handOff}.
     * Touched only by that thread.
     */
    private ByteBuf batch;
    /** Listed in the transport's set of links with something to flush (queueing thread only). */
    boolean dirty;

    /** The current batch buffer of the queueing thread, started if needed. */
    ByteBuf batchBuffer(int sizeHint) {
        if (batch == null) {
            batch = ch.alloc().buffer(Math.max(BATCH_INITIAL_BYTES, sizeHint));
        }
        return batch;
    }

    /** Queueing thread: moves the batch (if any) to the inbox; {@link #schedule} makes it go. */
    void handOff() {
        if (batch != null) {
            ByteBuf b = batch;
            batch = null;
            if (b.isReadable()) {
                inbox.offer(b);
            } else {
                b.release();
            }
        }
    }

    /** Makes the event loop take what the inbox holds, unless a drain is already scheduled. Any thread. */
    void schedule() {
        if (!scheduled.get() && !inbox.isEmpty() && scheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(drainInbox);
        }
    }

    /** Event loop: moves the inbox to the outbound queue (bounded by outboundBytesMax), then writes and flushes once. */
    private void drainInbox() {
        scheduled.set(false); // an offer after this point schedules a new drain
        Object o;
        while ((o = inbox.poll()) != null) {
            ByteBuf frame;
            SnapshotView snapshot = null;
            if (o instanceof FrameWithSnapshot f) {
                frame = f.frame();
                snapshot = f.snapshot();
            } else {
                frame = (ByteBuf) o;
            }
            accept(frame, snapshot);
        }
        pump();
    }

    private void accept(ByteBuf frame, SnapshotView snapshot) {
        if (closing || !ch.isActive()) {
            frame.release();
            if (snapshot != null) {
                snapshot.close();
            }
            transport.droppedMessages.incrementAndGet();
            return;
        }
        int size = frame.readableBytes();
        if (queuedBytes + size > transport.limits().outboundBytesMax()) {
            frame.release();
            if (snapshot != null) {
                snapshot.close();
            }
            transport.droppedLinks.incrementAndGet();
            close("outbound queue over " + transport.limits().outboundBytesMax() + " bytes (outboundBytesMax)");
            return;
        }
        queue.addLast(frame);
        queuedBytes += size;
        if (snapshot != null) {
            queue.addLast(new SnapStream(snapshot));
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ch.isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void pump() {
        boolean wrote = false;
        while (!closing && ch.isWritable() && !queue.isEmpty()) {
            Object head = queue.peekFirst();
            if (head instanceof ByteBuf b) {
                queue.pollFirst();
                queuedBytes -= b.readableBytes();
                ch.write(b);
                wrote = true;
            } else {
                SnapStream s = (SnapStream) head;
                try {
                    if (s.step()) {
                        queue.pollFirst();
                    }
                } catch (SnapshotStoreException | RuntimeException e) {
                    queue.pollFirst();
                    s.close();
                    close("SNAP stream failed: " + e.getMessage());
                    return;
                }
                wrote = true;
                if (!queue.isEmpty() && queue.peekFirst() == s) {
                    ch.flush();
                    ch.eventLoop().execute(this::pump); // let other links run between chunks
                    return;
                }
            }
        }
        if (wrote) {
            ch.flush();
        }
    }

    /** Streams a snapshot view as SNAP_ENTRY frames, a bounded number of entries per step. */
    private final class SnapStream implements SnapshotSink {
        private final SnapshotView view;
        private final JuteWriter scratch = new JuteWriter();
        private SnapshotCursor cursor;

        SnapStream(SnapshotView view) {
            this.view = view;
        }

        /** Writes the next entries; true once the END entry was written. */
        boolean step() throws SnapshotStoreException {
            if (cursor == null) {
                cursor = view.openCursor();
            }
            boolean more = cursor.next(this, transport.limits().snapEntriesPerPump());
            if (!more) {
                close();
            }
            return !more;
        }

        void close() {
            view.close();
        }

        private ByteBuf start(byte kind) {
            ByteBuf b = ch.alloc().buffer(64);
            b.writeInt(0).writeByte(QuorumWire.SNAP_ENTRY).writeByte(kind);
            return b;
        }

        private void finish(ByteBuf b) {
            b.setInt(0, b.readableBytes() - 4);
            ch.write(b);
        }

        @Override
        public void acl(long aclRef, List<Acl> acl) {
            ByteBuf b = start(QuorumWire.ENTRY_ACL);
            b.writeLong(aclRef);
            QuorumWire.writeBytes(b, SnapshotCodec.aclValue(acl, scratch));
            finish(b);
        }

        @Override
        public void session(long sessionId, int timeoutMs) {
            ByteBuf b = start(QuorumWire.ENTRY_SESSION);
            b.writeLong(sessionId).writeInt(timeoutMs);
            finish(b);
        }

        @Override
        public void node(NodeImage node) {
            ByteBuf b = start(QuorumWire.ENTRY_NODE);
            QuorumWire.writeString(b, node.path());
            QuorumWire.writeBytes(b, SnapshotCodec.nodeValue(node, scratch));
            finish(b);
        }

        @Override
        public void end(long lastZxid, long digest) {
            ByteBuf b = start(QuorumWire.ENTRY_END);
            b.writeLong(lastZxid).writeLong(digest);
            finish(b);
        }
    }
}
