package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;

/**
 * {@code RequestHeader{int xid; int type}}: the first 8 bytes of every frame after the
 * ConnectRequest. Special xids sent by the official client: ping -2, auth -4, setWatches -8.
 */
public record RequestHeader(int xid, int type) implements JuteRecord {
    public static final int ENCODED_BYTES = 8;
    public static final int PING_XID = -2;
    public static final int AUTH_XID = -4;
    public static final int SET_WATCHES_XID = -8;

    @Override
    public void encode(JuteWriter w) {
        w.writeInt(xid).writeInt(type);
    }

    public static RequestHeader decode(JuteReader r) {
        return new RequestHeader(r.readInt("RequestHeader.xid"), r.readInt("RequestHeader.type"));
    }
}
