package io.zabd.server.client;

import io.zabd.server.client.proto.Stat;

/** The tree's client Stat as the wire record. */
public final class Stats {
    private Stats() {}

    public static Stat toWire(io.zabd.engine.tree.Stat s) {
        return s == null ? null : new Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion(),
                s.aversion(), s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid());
    }
}
