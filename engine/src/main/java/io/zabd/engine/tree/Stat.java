package io.zabd.engine.tree;

/**
 * ZooKeeper's full {@code Stat} as clients see it: the persisted fields plus dataLength and
 * numChildren. Jute order: czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner,
 * dataLength, numChildren, pzxid.
 */
public record Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion, int aversion,
        long ephemeralOwner, int dataLength, int numChildren, long pzxid) {

    public static Stat of(StatPersisted s, byte[] data, int numChildren) {
        return new Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion(), s.aversion(),
                s.ephemeralOwner(), data == null ? 0 : data.length, numChildren, s.pzxid());
    }
}
