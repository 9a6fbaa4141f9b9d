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
 * A {@link ClientConnection} over a Netty channel. Frames are encoded on the calling thread into a
 * fresh buffer and handed to the channel (Netty queues a write from another thread onto the channel's
 * event loop, preserving call order); nothing here reads tree or consensus state.
 */
final class NettyClientConnection implements ClientConnection {
    private static final int INITIAL_FRAME_BYTES = 128;

    private final long connectionId;
    private final Channel channel;

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
        channel.write(frame(response, null));
    }

    @Override
    public void sendReply(ReplyHeader header, Response body) {
        channel.write(frame(header, body));
    }

    @Override
    public void sendNotification(long zxid, WatcherEvent event) {
        channel.write(frame(new ReplyHeader(ReplyHeader.NOTIFICATION_XID, zxid, 0), event));
    }

    /** [int32 length][first][second], the length covering both records. */
    static ByteBuf frame(JuteRecord first, JuteRecord second) {
        JuteWriter w = new JuteWriter(new ExpandableArrayBuffer(INITIAL_FRAME_BYTES), 0);
        w.writeInt(0);
        first.encode(w);
        if (second != null) {
            second.encode(w);
        }
        int end = w.position();
        w.position(0);
        w.writeInt(end - FrameDecoder.LENGTH_BYTES);
        w.position(end);
        return Unpooled.wrappedBuffer(w.buffer().byteArray(), 0, end);
    }

    @Override
    public void flush() {
        channel.flush();
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
