package io.zabd.server.quorum;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.snapshot.SnapshotView;
import io.zabd.server.config.QuorumServer;
import io.zabd.server.zab.ZabMessage;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer links over TCP (Netty, epoll when available): election traffic ({@code Notification}) on
 * the election port, learner traffic ({@code QuorumPacket}, SNAP streams) on the quorum port, as
 * {@code server.N=host:quorumPort:electionPort} names them.
 *
 * <p>One connection per peer pair and port: <b>the peer with the larger id dials</b>, the smaller
 * one only accepts (so two peers never race to connect to each other). The dialer introduces itself
 * with HELLO; a newer connection from the same peer replaces the older one. A dialer whose
 * connection fails or closes reconnects after a back-off doubling from {@code reconnectMinMs} to
 * {@code reconnectMaxMs}.
 *
 * <p>Messages sent while a link is down are dropped, as are links whose outbound queue would exceed
 * {@code outboundBytesMax} (closed: a slow or stuck peer); the ZAB core treats both as losses
 * (election resends; a learner link detects the gap in its packet numbers or times out). Malformed
 * input ({@link QuorumWire.WireException}, an oversized frame) closes the link with the reason
 * logged. Wire layout: {@link QuorumWire}.
 */
public final class PeerTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);
    private static final long SHUTDOWN_TIMEOUT_MS = 3_000;

    /** Receives decoded messages on an I/O thread; must not block. */
    public interface Receiver {
        /** {@code snapshot} is the streamed state for a SNAP packet, null otherwise. */
        void onMessage(long from, ZabMessage message, SnapshotDelta snapshot);

        /** The quorum-port connection with {@code peer} closed (after every message it delivered). */
        void onQuorumLinkClosed(long peer);

        /**
         * The end of one read from a socket (after the {@link #onMessage} calls it produced): a receiver
         * that hands messages to another thread wakes it here, once per read rather than per message.
         */
        default void onReadComplete() {}
    }

    /**
     * @param frameBytesMax       largest frame accepted or sent (a txn plus headers must fit)
     * @param outboundBytesMax    bytes queued to one peer link before the link is dropped
     * @param snapEntriesPerPump  snapshot entries written per step of a SNAP stream
     * @param snapEntriesMax      largest snapshot a follower accepts, in entries
     * @param reconnectMinMs      first reconnect back-off
     * @param reconnectMaxMs      back-off cap
     * @param connectTimeoutMs    TCP connect timeout
     * @param ioThreads           event-loop threads
     */
    public record Limits(int frameBytesMax, long outboundBytesMax, int snapEntriesPerPump, int snapEntriesMax,
                         long reconnectMinMs, long reconnectMaxMs, int connectTimeoutMs, int ioThreads) {
        public Limits {
            require(frameBytesMax >= 1024, "frameBytesMax must be >= 1024");
            require(outboundBytesMax >= frameBytesMax, "outboundBytesMax must be >= frameBytesMax");
            require(snapEntriesPerPump >= 1, "snapEntriesPerPump must be >= 1");
            require(snapEntriesMax >= 1, "snapEntriesMax must be >= 1");
            require(reconnectMinMs >= 1 && reconnectMaxMs >= reconnectMinMs, "reconnect back-off must be 1 <= min <= max");
            require(connectTimeoutMs >= 1, "connectTimeoutMs must be >= 1");
            require(ioThreads >= 1, "ioThreads must be >= 1");
        }

        public static Limits defaults(int juteMaxBufferBytes) {
            return new Limits(juteMaxBufferBytes + 4096, 64L << 20, 64, 10_000_000, 20, 1_000, 2_000, 1);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    private final long myId;
    private final Map<Long, QuorumServer> servers;
    private final Limits limits;
    private final Receiver receiver;
    private final Map<Long, PeerSession> electionLinks = new ConcurrentHashMap<>();
    private final Map<Long, PeerSession> quorumLinks = new ConcurrentHashMap<>();
    final AtomicLong droppedMessages = new AtomicLong();
    final AtomicLong droppedLinks = new AtomicLong();
    private EventLoopGroup group;
    private boolean epoll;
    private volatile boolean closed;
    /** Links with queued messages since the last flush; owned by the thread that calls {@link #queue} and {@link #flush}. */
    private final java.util.ArrayList<PeerSession> dirty = new java.util.ArrayList<>();
    /** A batch buffer this large is handed to its link at once (the next one starts empty). */
    private static final int BATCH_BYTES_MAX = 256 * 1024;

    public PeerTransport(long myId, Map<Long, QuorumServer> servers, Limits limits, Receiver receiver) {
        this.myId = myId;
        this.servers = Map.copyOf(servers);
        this.limits = limits;
        this.receiver = receiver;
        if (!servers.containsKey(myId)) {
            throw new IllegalArgumentException("myid " + myId + " has no server." + myId + " entry");
        }
    }

    /** Binds both ports and starts dialing the peers with smaller ids. */
    public synchronized void start() throws InterruptedException {
        epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(limits.ioThreads(), new DefaultThreadFactory("zabd-peer-io"), io);
        QuorumServer me = servers.get(myId);
        bind(resolve(me.electionAddress()), QuorumWire.PORT_ELECTION);
        bind(resolve(me.quorumAddress()), QuorumWire.PORT_QUORUM);
        for (long id : servers.keySet()) {
            if (id < myId) {
                dial(id, QuorumWire.PORT_ELECTION, limits.reconnectMinMs());
                dial(id, QuorumWire.PORT_QUORUM, limits.reconnectMinMs());
            }
        }
        LOG.info("peer transport of server {} listening on election {} and quorum {} ({})", myId,
                me.electionAddress(), me.quorumAddress(), epoll ? "epoll" : "nio");
    }

    private static InetSocketAddress resolve(InetSocketAddress a) {
        return a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a;
    }

    private void bind(InetSocketAddress address, byte port) throws InterruptedException {
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        new ServerBootstrap().group(group).channel(type)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(frameDecoder(), new PeerSession(PeerTransport.this, ch, port, -1, false));
                    }
                })
                .bind(address).sync();
    }

    private WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(256 * 1024, Math.max(512 * 1024, 2 * limits.frameBytesMax()));
    }

    private LengthFieldBasedFrameDecoder frameDecoder() {
        return new LengthFieldBasedFrameDecoder(limits.frameBytesMax(), 0, 4, 0, 4);
    }

    private void dial(long peer, byte port, long backoffMs) {
        if (closed) {
            return;
        }
        QuorumServer s = servers.get(peer);
        InetSocketAddress address = resolve(port == QuorumWire.PORT_ELECTION ? s.electionAddress() : s.quorumAddress());
        Bootstrap b = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, limits.connectTimeoutMs())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(frameDecoder(), new PeerSession(PeerTransport.this, ch, port, peer, true));
                    }
                });
        ChannelFuture f = b.connect(address);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                redial(peer, port, backoffMs);
            } else {
                f.channel().closeFuture().addListener(c -> redial(peer, port, limits.reconnectMinMs()));
            }
        });
    }

    private void redial(long peer, byte port, long backoffMs) {
        if (closed) {
            return;
        }
        long next = Math.min(limits.reconnectMaxMs(), backoffMs * 2);
        group.schedule(() -> dial(peer, port, next), backoffMs, TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- used by sessions

    Limits limits() {
        return limits;
    }

    long myId() {
        return myId;
    }

    boolean isMember(long id) {
        return servers.containsKey(id);
    }

    Receiver receiver() {
        return receiver;
    }

    void register(PeerSession session) {
        Map<Long, PeerSession> links = session.port() == QuorumWire.PORT_ELECTION ? electionLinks : quorumLinks;
        PeerSession old = links.put(session.peerId(), session);
        if (old != null && old != session) {
            old.close("replaced by a newer connection");
        }
    }

    void unregister(PeerSession session) {
        Map<Long, PeerSession> links = session.port() == QuorumWire.PORT_ELECTION ? electionLinks : quorumLinks;
        links.remove(session.peerId(), session);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code message} to peer {@code to} (any thread; order per destination is kept). For a
     * SNAP packet, {@code snapshot} is the view to stream right after it; the transport closes it.
     * Returns false if the message was dropped (link down).
     */
    public boolean send(long to, ZabMessage message, SnapshotView snapshot) {
        PeerSession s = link(to, message, snapshot);
        if (s == null) {
            return false;
        }
        s.enqueue(encode(message, snapshot), snapshot, true);
        return true;
    }

    /**
     * As {@link #send} but the message waits until the next {@link #flush()}: the messages one duty
     * cycle sends to a peer are encoded back to back into one buffer and handed to the link's event
     * loop as one batch, written with one flush (one syscall), instead of a buffer, a task and a flush
     * per message. {@code queue} and {@code flush} are called by one thread (the runtime's), which
     * must not mix them with {@code send} (order per destination holds within each).
     */
    public boolean queue(long to, ZabMessage message, SnapshotView snapshot) {
        PeerSession s = link(to, message, snapshot);
        if (s == null) {
            return false;
        }
        if (!s.dirty) {
            s.dirty = true;
            dirty.add(s);
        }
        if (snapshot != null) {
            s.handOff(); // the batch so far goes first; the SNAP frame travels with its stream
            s.enqueue(encode(message, snapshot), snapshot, false);
            return true;
        }
        ByteBuf b = s.batchBuffer(QuorumWire.encodedSizeHint(message));
        int start = b.writerIndex();
        b.writeInt(0);
        QuorumWire.writeMessage(b, message);
        int size = b.writerIndex() - start - 4;
        if (size > limits.frameBytesMax()) {
            b.writerIndex(start);
            throw new IllegalArgumentException("message of " + size + " bytes exceeds frameBytesMax "
                    + limits.frameBytesMax());
        }
        b.setInt(start, size);
        if (b.readableBytes() >= BATCH_BYTES_MAX) {
            s.handOff();
        }
        return true;
    }

    /** Hands every link's queued messages to its event loop (one task per link with something queued). */
    public void flush() {
        for (int i = 0; i < dirty.size(); i++) {
            PeerSession s = dirty.get(i);
            s.dirty = false;
            s.handOff();
            s.schedule();
        }
        dirty.clear();
    }

    /** The live link for {@code message} to {@code to}, or null (dropped: counted, the view closed). */
    private PeerSession link(long to, ZabMessage message, SnapshotView snapshot) {
        boolean election = message instanceof ZabMessage.Notification;
        PeerSession s = (election ? electionLinks : quorumLinks).get(to);
        if (s == null || closed) {
            droppedMessages.incrementAndGet();
            if (snapshot != null) {
                snapshot.close();
            }
            return null;
        }
        return s;
    }

    /** One frame holding {@code message}. */
    private ByteBuf encode(ZabMessage message, SnapshotView snapshot) {
        ByteBuf frame = ByteBufAllocator.DEFAULT.buffer(QuorumWire.encodedSizeHint(message));
        frame.writeInt(0);
        QuorumWire.writeMessage(frame, message);
        int size = frame.readableBytes() - 4;
        frame.setInt(0, size);
        if (size > limits.frameBytesMax()) {
            frame.release();
            if (snapshot != null) {
                snapshot.close();
            }
            throw new IllegalArgumentException("message of " + size + " bytes exceeds frameBytesMax "
                    + limits.frameBytesMax());
        }
        return frame;
    }

    /** Number of live links (election plus quorum). */
    public int linkCount() {
        return electionLinks.size() + quorumLinks.size();
    }

    public long droppedMessages() {
        return droppedMessages.get();
    }

    public long droppedLinks() {
        return droppedLinks.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (group != null) {
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
