package io.zabd.engine.tree;

/**
 * ZooKeeper's full {@code Stat} as clients see it: the persisted fields plus dataLength and
 * numChildren. Jute order: czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner,
 * dataLength, numChildren, pzxid.
 *
 * <p>Two fields are translated from the persisted stat exactly as ZooKeeper's DataNode.copyStat
 * does: the persisted cversion counts child creations, the client sees
 * {@code cversion * 2 - numChildren} (creations plus deletions, "v3 semantics"); and the client sees
 * ephemeralOwner 0 for containers and TTL nodes (only a session owner is shown).
 */
public record Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion, int aversion,
        long ephemeralOwner, int dataLength, int numChildren, long pzxid) {

    public static Stat of(StatPersisted s, byte[] data, int numChildren, boolean extendedTypesEnabled) {
        long owner = EphemeralOwner.kind(s.ephemeralOwner(), extendedTypesEnabled) == EphemeralOwner.Kind.NORMAL
                ? s.ephemeralOwner() : 0;
        return new Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion() * 2 - numChildren,
                s.aversion(), owner, data == null ? 0 : data.length, numChildren, s.pzxid());
    }
}
