package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteWriter;

/** A wire record that writes itself in jute encoding at the writer's position. */
public interface JuteRecord {
    void encode(JuteWriter w);

    /** Convenience for tests and small one-off messages: the record's bytes. */
    default byte[] toBytes() {
        JuteWriter w = new JuteWriter();
        encode(w);
        return w.toByteArray(0);
    }
}
