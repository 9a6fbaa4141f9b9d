package io.zabd.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client port: a Netty server (epoll when available, else NIO) speaking ZooKeeper's framing.
 * Per connection the pipeline is
 *
 * <pre>
 * FlushConsolidationHandler -> ConnectionLimiter -> FrameDecoder -> ClientChannelHandler -> RequestSink
 * </pre>
 *
 * The transport owns no server state: it decodes and hands over; replies come back through each
 * connection's {@link ClientConnection} handle.
 */
public final class ClientTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientTransport.class);
    /**
     * Flushes merged into one while a read is in progress. Not when no read is: replies arrive as one
     * write-and-flush per connection per batch already (NettyClientConnection), and consolidating
     * those would cost one more event-loop task each.
     */
    static final int FLUSHES_CONSOLIDATED_MAX = 256;
    private static final long SHUTDOWN_QUIET_MS = 0;
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000;

    private final TransportConfig config;
    private final RequestSink sink;
    private final FourLetterHandler fourLetterHandler;
    private final ConnectionLimiter limiter;
    private final AtomicLong nextConnectionId = new AtomicLong(1);
    private EventLoopGroup group;
    private Channel serverChannel;

    public ClientTransport(TransportConfig config, RequestSink sink, FourLetterHandler fourLetterHandler) {
        this.config = config;
        this.sink = sink;
        this.fourLetterHandler = fourLetterHandler;
        this.limiter = new ConnectionLimiter(config.maxClientCnxns(), config.maxCnxns());
    }

    /** Binds and starts accepting; returns the bound address (useful with port 0). */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("client transport already started");
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("zabd-client-io"), io);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        NettyClientConnection connection = new NettyClientConnection(nextConnectionId.getAndIncrement(), ch);
                        ch.pipeline().addLast(new FlushConsolidationHandler(FLUSHES_CONSOLIDATED_MAX, false),
                                limiter,
                                new FrameDecoder(config.maxFrameBytes()),
                                new ClientChannelHandler(sink, config.whitelist(), fourLetterHandler, connection));
                    }
                });
        try {
            serverChannel = bootstrap.bind(config.bindAddress()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(SHUTDOWN_QUIET_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            group = null;
            throw e;
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("Client port listening on {} ({}, {} I/O threads, jute.maxbuffer {})", bound,
                epoll ? "epoll" : "nio", config.ioThreads(), config.maxFrameBytes());
        return bound;
    }

    /**
     * The server core's handle on {@code channel}, as the transport makes it for each accepted
     * connection (benchmarks drive the reply path through it over an embedded channel).
     */
    public static ClientConnection connectionOver(long connectionId, Channel channel) {
        return new NettyClientConnection(connectionId, channel);
    }

    /** Client connections currently open and admitted by the limits. */
    public int connectionCount() {
        return limiter.connectionCount();
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (group != null) {
            group.shutdownGracefully(SHUTDOWN_QUIET_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
