package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.tree.StatPersisted;

/**
 * The Stat a client sees (ZooKeeper's {@code org.apache.zookeeper.data.Stat}), 68 bytes:
 *
 * <pre>
 * long czxid; long mzxid; long ctime; long mtime; int version; int cversion; int aversion;
 * long ephemeralOwner; int dataLength; int numChildren; long pzxid
 * </pre>
 */
public record Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion, int aversion,
        long ephemeralOwner, int dataLength, int numChildren, long pzxid) implements JuteRecord {
    public static final int ENCODED_BYTES = 8 * 4 + 4 * 3 + 8 + 4 + 4 + 8;

    /** The client view of a persisted stat plus the two derived fields. */
    public static Stat of(StatPersisted p, int dataLength, int numChildren) {
        return new Stat(p.czxid(), p.mzxid(), p.ctime(), p.mtime(), p.version(), p.cversion(), p.aversion(),
                p.ephemeralOwner(), dataLength, numChildren, p.pzxid());
    }

    @Override
    public void encode(JuteWriter w) {
        w.writeLong(czxid).writeLong(mzxid).writeLong(ctime).writeLong(mtime)
                .writeInt(version).writeInt(cversion).writeInt(aversion)
                .writeLong(ephemeralOwner).writeInt(dataLength).writeInt(numChildren).writeLong(pzxid);
    }

    public static Stat decode(JuteReader r) {
        return new Stat(r.readLong("Stat.czxid"), r.readLong("Stat.mzxid"), r.readLong("Stat.ctime"),
                r.readLong("Stat.mtime"), r.readInt("Stat.version"), r.readInt("Stat.cversion"),
                r.readInt("Stat.aversion"), r.readLong("Stat.ephemeralOwner"), r.readInt("Stat.dataLength"),
                r.readInt("Stat.numChildren"), r.readLong("Stat.pzxid"));
    }
}
