package io.zabd.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.server.client.proto.ConnectResponse;
import io.zabd.server.client.proto.JuteRecord;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Response;
import io.zabd.server.client.proto.WatcherEvent;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.agrona.ExpandableArrayBuffer;

/**
 * A {@link ClientConnection} over a Netty channel. Frames are encoded on the calling thread (a reused
 * scratch buffer) and appended to one pending pooled buffer; {@link #flush()} hands that buffer to the
 * channel with a single {@code writeAndFlush}: one event-loop task, one wake-up at most and one
 * {@code writev} per connection per batch of replies, however many replies the batch holds (decision
 * 0005). Call order is kept: appends and the hand-over are under this object's lock, and Netty runs
 * the hand-overs of one channel in order. Nothing here reads tree or consensus state.
 */
final class NettyClientConnection implements ClientConnection {
    private static final int INITIAL_FRAME_BYTES = 128;
    /** First capacity of a batch's pending buffer (grows as Netty buffers do). */
    private static final int PENDING_INITIAL_BYTES = 1024;
    /** Largest encoding scratch a connection keeps between frames. */
    private static final int SCRATCH_KEPT_BYTES = 64 * 1024;

    private final long connectionId;
    private final Channel channel;
    /** Encoding scratch, reused (replaced after a frame larger than SCRATCH_KEPT_BYTES); guarded by this. */
    private ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(INITIAL_FRAME_BYTES);
    private JuteWriter writer = new JuteWriter(scratch, 0);
    /** Frames sent and not yet flushed (pooled buffer), or null; guarded by this. */
    private ByteBuf pending;

    NettyClientConnection(long connectionId, Channel channel) {
        this.connectionId = connectionId;
        this.channel = channel;
    }

    @Override
    public long connectionId() {
        return connectionId;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }

    @Override
    public void sendConnectResponse(ConnectResponse response) {
        append(response, null);
    }

    @Override
    public void sendReply(ReplyHeader header, Response body) {
        append(header, body);
    }

    @Override
    public void sendNotification(long zxid, WatcherEvent event) {
        append(new ReplyHeader(ReplyHeader.NOTIFICATION_XID, zxid, 0), event);
    }

    /** Encodes one frame into the scratch buffer and appends it to the pending buffer. */
    private synchronized void append(JuteRecord first, JuteRecord second) {
        int end = ReplyFrames.encode(writer, first, second);
        if (pending == null) {
            pending = channel.alloc().buffer(Math.max(end, PENDING_INITIAL_BYTES));
        }
        pending.writeBytes(scratch.byteArray(), 0, end);
        if (scratch.capacity() > SCRATCH_KEPT_BYTES) {
            scratch = new ExpandableArrayBuffer(INITIAL_FRAME_BYTES); // do not hold a large reply's memory
            writer = new JuteWriter(scratch, 0);
        }
    }

    /** Hands every pending frame to the channel in one write and flush (no-op when none). */
    @Override
    public void flush() {
        ByteBuf out;
        synchronized (this) {
            out = pending;
            pending = null;
        }
        if (out != null) {
            channel.writeAndFlush(out, channel.voidPromise());
        }
    }

    @Override
    public CompletionStage<Void> setReadEnabled(boolean enabled) {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            channel.config().setAutoRead(enabled);
            applied.complete(null);
        });
        return applied;
    }

    @Override
    public void close() {
        flush();
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public String toString() {
        return "connection " + connectionId + " from " + channel.remoteAddress();
    }
}
