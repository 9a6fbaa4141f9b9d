package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;

/**
 * {@code ReplyHeader{int xid; long zxid; int err}}: the first 16 bytes of every frame the server
 * sends after the ConnectResponse. A watch notification carries xid {@link #NOTIFICATION_XID}.
 */
public record ReplyHeader(int xid, long zxid, int err) implements JuteRecord {
    public static final int ENCODED_BYTES = 16;
    public static final int NOTIFICATION_XID = -1;

    @Override
    public void encode(JuteWriter w) {
        w.writeInt(xid).writeLong(zxid).writeInt(err);
    }

    public static ReplyHeader decode(JuteReader r) {
        return new ReplyHeader(r.readInt("ReplyHeader.xid"), r.readLong("ReplyHeader.zxid"), r.readInt("ReplyHeader.err"));
    }
}
