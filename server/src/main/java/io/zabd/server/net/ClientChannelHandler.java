package io.zabd.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.zabd.engine.jute.JuteException;
import io.zabd.engine.jute.JuteReader;
import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestCodec;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.config.FourLetterWhitelist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per channel: decodes frames into records and hands them to the {@link RequestSink}. The first
 * frame is a ConnectRequest, every later one a RequestHeader and the body its op code selects.
 * Malformed input closes the connection with a warning; a four-letter word is answered and closed.
 */
final class ClientChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientChannelHandler.class);
    private static final byte[] EMPTY = new byte[0];

    private final RequestSink sink;
    private final FourLetterWhitelist whitelist;
    private final FourLetterHandler fourLetterHandler;
    private final NettyClientConnection connection;
    private boolean connected;
    private boolean closing;
    /** Reused per frame (this handler runs on its channel's event loop only): no allocation to read one. */
    private final UnsafeBuffer view = new UnsafeBuffer(EMPTY);
    private final JuteReader reader = new JuteReader(EMPTY);

    ClientChannelHandler(RequestSink sink, FourLetterWhitelist whitelist, FourLetterHandler fourLetterHandler,
            NettyClientConnection connection) {
        this.sink = sink;
        this.whitelist = whitelist;
        this.fourLetterHandler = fourLetterHandler;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameDecoder.FourLetterCommand command) {
            answerFourLetterWord(ctx, command.word());
            return;
        }
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (!closing) {
                onFrame(ctx, frame);
            }
        } catch (JuteException e) {
            LOG.warn("Closing {}: malformed {}: {}", connection, connected ? "request" : "ConnectRequest", e.getMessage());
            closing = true;
            ctx.close();
        } finally {
            frame.release();
        }
    }

    private void onFrame(ChannelHandlerContext ctx, ByteBuf frame) {
        JuteReader r = readerOver(frame);
        if (!connected) {
            ConnectRequest request = ConnectRequest.decode(r);
            connected = true;
            sink.onConnect(connection, request);
            return;
        }
        RequestHeader header = RequestHeader.decode(r);
        Request body = RequestCodec.decode(header.type(), r);
        sink.onRequest(connection, header, body);
    }

    /**
     * The reused reader over the frame's bytes, without copying them; the decoded records copy what
     * they keep, so nothing refers to the frame once it is released.
     */
    private JuteReader readerOver(ByteBuf frame) {
        int length = frame.readableBytes();
        if (frame.hasMemoryAddress()) {
            view.wrap(frame.memoryAddress() + frame.readerIndex(), length);
        } else if (frame.hasArray()) {
            view.wrap(frame.array(), frame.arrayOffset() + frame.readerIndex(), length);
        } else {
            view.wrap(frame.nioBuffer());
        }
        return reader.wrap(view, 0, length);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (connected && !closing) {
            sink.onReadComplete(connection);
        }
        ctx.fireChannelReadComplete();
    }

    private void answerFourLetterWord(ChannelHandlerContext ctx, String word) {
        closing = true;
        ctx.channel().config().setAutoRead(false);
        if (!whitelist.allows(word)) {
            LOG.debug("Four-letter word {} from {} is not in the whitelist", word, ctx.channel().remoteAddress());
            writeAndClose(ctx, FourLetterWords.notWhitelistedReply(word));
            return;
        }
        LOG.info("Processing {} command from {}", word, ctx.channel().remoteAddress());
        fourLetterHandler.execute(word).whenComplete((reply, error) -> {
            if (error != null) {
                LOG.warn("Four-letter word {} failed", word, error);
                ctx.close();
            } else {
                writeAndClose(ctx, reply == null ? FourLetterWords.notImplementedReply(word) : reply);
            }
        });
    }

    private static void writeAndClose(ChannelHandlerContext ctx, String text) {
        ctx.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connected) {
            sink.onDisconnect(connection);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Closing {}: {}", connection, cause.toString());
        } else {
            LOG.warn("Closing {} after an unexpected error", connection, cause);
        }
        closing = true;
        ctx.close();
    }
}
