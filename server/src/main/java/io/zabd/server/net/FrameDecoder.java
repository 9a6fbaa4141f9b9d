package io.zabd.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the client byte stream into frames: a 4-byte big-endian length, then that many bytes.
 *
 * <pre>
 * +-----------------+------------------------------+
 * | int32 length    | length bytes (jute record)   |
 * +-----------------+------------------------------+
 * </pre>
 *
 * The length is checked against {@code maxFrameBytes} (jute.maxbuffer) before anything is buffered:
 * a negative or oversize length (an HTTP GET reads as 1195725856) logs a warning naming the peer and
 * the length and closes this connection only. On the first frame of a connection, a length that
 * spells a known four-letter word is emitted as a {@link FourLetterCommand} instead, and decoding
 * stops. Frames are emitted as retained slices; the next handler releases them.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);
    static final int LENGTH_BYTES = 4;
    /** "GET " read as a length: an HTTP request sent to the client port. */
    static final int HTTP_GET = 0x47455420;

    /** The first 4 bytes of a connection, when they spell a four-letter word. */
    record FourLetterCommand(String word) {}

    private final int maxFrameBytes;
    private boolean firstFrame = true;
    private boolean stopped;

    FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!stopped && in.readableBytes() >= LENGTH_BYTES) {
            int length = in.getInt(in.readerIndex());
            if (firstFrame) {
                String word = FourLetterWords.wordFor(length);
                if (word != null) {
                    in.skipBytes(LENGTH_BYTES);
                    stop(in);
                    out.add(new FourLetterCommand(word));
                    return;
                }
            }
            if (length < 0 || length > maxFrameBytes) {
                LOG.warn("Len error: closing connection from {}: frame length {} is outside 0..{} (jute.maxbuffer){}",
                        ctx.channel().remoteAddress(), length, maxFrameBytes,
                        length == HTTP_GET ? "; the bytes spell \"GET \": an HTTP client on the client port?" : "");
                stop(in);
                ctx.close();
                return;
            }
            if (in.readableBytes() < LENGTH_BYTES + length) {
                return;
            }
            in.skipBytes(LENGTH_BYTES);
            firstFrame = false;
            out.add(in.readRetainedSlice(length));
        }
        if (stopped) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void stop(ByteBuf in) {
        stopped = true;
        in.skipBytes(in.readableBytes());
    }
}
