package io.zabd.engine.tree;

/**
 * The persisted part of a znode's Stat, as ZooKeeper's {@code StatPersisted}: creation and
 * modification zxids and times, data/child/ACL versions, the ephemeral owner (session id, or the
 * container/TTL encoding of {@code EphemeralType}), and pzxid (zxid of the last child create or
 * delete). dataLength and numChildren are derived from the node and are not stored. Immutable: the
 * tree replaces it on every change, so a snapshot can hold a reference without copying.
 */
public record StatPersisted(long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
        int aversion, long ephemeralOwner, long pzxid) {
    /** Encoded size in jute order (czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, pzxid). */
    public static final int ENCODED_BYTES = 8 * 4 + 4 * 3 + 8 + 8;
}
