package io.zabd.server.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces maxCnxns (total) and maxClientCnxns (per client IP) when a connection becomes active: over
 * a limit, the connection is logged and closed before any byte is read, as ZooKeeper does. Shared
 * by all channels of one transport; counts live in this instance.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final AttributeKey<Counted> COUNTED = AttributeKey.valueOf("zabd.counted");

    /** Marks a channel that holds a slot; address is null for non-IP channels. */
    private record Counted(InetAddress address) {}

    private final int maxClientCnxns;
    private final int maxCnxns;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    ConnectionLimiter(int maxClientCnxns, int maxCnxns) {
        this.maxClientCnxns = maxClientCnxns;
        this.maxCnxns = maxCnxns;
    }

    int connectionCount() {
        return total.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        SocketAddress remote = ctx.channel().remoteAddress();
        InetAddress address = remote instanceof InetSocketAddress s ? s.getAddress() : null;
        if (maxCnxns > 0 && total.incrementAndGet() > maxCnxns) {
            total.decrementAndGet();
            LOG.warn("Too many connections, max is {}: closing connection from {}", maxCnxns, remote);
            ctx.close();
            return;
        } else if (maxCnxns <= 0) {
            total.incrementAndGet();
        }
        if (address != null && !admit(address)) {
            total.decrementAndGet();
            LOG.warn("Too many connections from {} - max is {}", address, maxClientCnxns);
            ctx.close();
            return;
        }
        ctx.channel().attr(COUNTED).set(new Counted(address));
        super.channelActive(ctx);
    }

    private boolean admit(InetAddress address) {
        boolean[] admitted = {true};
        perAddress.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            if (maxClientCnxns > 0 && count >= maxClientCnxns) {
                admitted[0] = false;
                return n;
            }
            return count + 1;
        });
        return admitted[0];
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Counted counted = ctx.channel().attr(COUNTED).getAndSet(null);
        if (counted != null) {
            if (counted.address() != null) {
                perAddress.computeIfPresent(counted.address(), (a, n) -> n <= 1 ? null : n - 1);
            }
            total.decrementAndGet();
        }
        super.channelInactive(ctx);
    }
}
