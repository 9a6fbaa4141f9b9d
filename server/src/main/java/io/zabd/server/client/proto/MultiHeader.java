package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;

/**
 * {@code MultiHeader{int type; boolean done; int err}}: precedes each op of a multi request and each
 * result of a multi response; {@link #END} ({@code -1, true, -1}) closes the list. In requests err is
 * -1; in responses it is 0, or the error code when type is error (-1).
 */
public record MultiHeader(int type, boolean done, int err) implements JuteRecord {
    public static final int ENCODED_BYTES = 9;
    public static final MultiHeader END = new MultiHeader(-1, true, -1);

    @Override
    public void encode(JuteWriter w) {
        w.writeInt(type).writeBool(done).writeInt(err);
    }

    public static MultiHeader decode(JuteReader r) {
        return new MultiHeader(r.readInt("MultiHeader.type"), r.readBool("MultiHeader.done"), r.readInt("MultiHeader.err"));
    }
}
