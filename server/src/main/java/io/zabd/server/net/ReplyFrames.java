package io.zabd.server.net;

import io.zabd.engine.jute.JuteWriter;
import io.zabd.server.client.proto.JuteRecord;

/**
 * The client port's outbound frame: {@code [int32 length][first record][second record]}, the length
 * covering both records (ZooKeeper's framing; layouts in src/docs/client-protocol.md). Encoded into a
 * caller's reused writer so a reply allocates nothing here.
 */
public final class ReplyFrames {
    private ReplyFrames() {
    }

    /**
     * Writes the frame at position 0 of {@code w} ({@code second} may be null) and returns its length
     * in bytes; the writer is left positioned at the end.
     */
    public static int encode(JuteWriter w, JuteRecord first, JuteRecord second) {
        w.position(0);
        w.writeInt(0);
        first.encode(w);
        if (second != null) {
            second.encode(w);
        }
        int end = w.position();
        w.position(0);
        w.writeInt(end - FrameDecoder.LENGTH_BYTES);
        w.position(end);
        return end;
    }
}
