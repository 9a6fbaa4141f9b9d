package io.zabd.server.client;

import io.zabd.server.client.proto.Stat;

/** The tree's client Stat as the wire record. */
public final class Stats {
    private Stats() {}

    /**
     * The wire stat of the node at {@code nodePath} (null if missing), with the member's
     * {@link ConfigNode} over {@code /zookeeper/config} in ensemble mode.
     */
    public static Stat of(ServerContext ctx, String nodePath) {
        Stat s = toWire(ctx.tree().exists(nodePath));
        ConfigNode config = ctx.configNode();
        return s == null || config == null || !ConfigNode.PATH.equals(nodePath) ? s : config.overlay(s);
    }

    /** The data of the node at {@code nodePath}: the tree's, or the member's {@link ConfigNode}. */
    public static byte[] data(ServerContext ctx, String nodePath, byte[] treeData) {
        ConfigNode config = ctx.configNode();
        return config == null || !ConfigNode.PATH.equals(nodePath) ? treeData : config.data();
    }

    public static Stat toWire(io.zabd.engine.tree.Stat s) {
        return s == null ? null : new Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion(),
                s.aversion(), s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid());
    }
}
