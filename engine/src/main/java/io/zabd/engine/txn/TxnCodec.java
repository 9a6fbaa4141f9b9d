package io.zabd.engine.txn;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one binary codec of transactions, used by the log, replication and the tools. A transaction
 * is its {@link TxnHeader} followed by the record its type selects, both in jute encoding:
 *
 * <pre>
 * header type                         record
 * createSession (-10)                 CreateSessionTxn{int timeOut}
 * closeSession (-11)                  CloseSessionTxn{vector&lt;ustring&gt; paths2Delete} (may be absent: empty)
 * create (1), create2 (15)            CreateTxn
 * createContainer (19)                CreateContainerTxn
 * createTTL (21)                      CreateTTLTxn
 * delete (2), deleteContainer (20)    DeleteTxn
 * setData (5), reconfig (16)          SetDataTxn
 * setACL (7)                          SetACLTxn
 * check (13)                          CheckVersionTxn
 * error (-1)                          ErrorTxn
 * multi (14)                          MultiTxn{vector&lt;Txn{int type; buffer data}&gt;}, sub records as above
 * </pre>
 *
 * The layouts are ZooKeeper's, so an entry read from an Apache ZooKeeper log decodes here too
 * (less its optional trailing TxnDigest, which the importer strips).
 */
public final class TxnCodec {
    private TxnCodec() {}

    public static byte[] toBytes(Txn txn) {
        JuteWriter w = new JuteWriter();
        encode(txn, w);
        return w.toByteArray(0);
    }

    /**
     * Like {@link #toBytes(Txn)}, encoding through {@code scratch} (reused by its owner thread): the
     * only allocation is the exact-size result.
     */
    public static byte[] toBytes(Txn txn, JuteWriter scratch) {
        scratch.position(0);
        encode(txn, scratch);
        return scratch.toByteArray(0);
    }

    public static Txn fromBytes(byte[] bytes) {
        return decode(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /** Writes header then record at the writer's position. */
    public static void encode(Txn txn, JuteWriter w) {
        encodeHeader(txn.header(), w);
        encodeBody(txn.type(), txn.body(), w);
    }

    public static void encodeHeader(TxnHeader h, JuteWriter w) {
        w.writeLong(h.sessionId()).writeInt(h.cxid()).writeLong(h.zxid()).writeLong(h.timeMs()).writeInt(h.type());
    }

    /** Decodes exactly {@code length} bytes at {@code offset}; anything malformed raises {@link JuteException}. */
    public static Txn decode(DirectBuffer buffer, int offset, int length) {
        JuteReader r = new JuteReader(buffer, offset, length);
        TxnHeader h = decodeHeader(r);
        TxnBody body = decodeBody(h.type(), r);
        r.expectEnd("txn " + OpCode.name(h.type()));
        return new Txn(h, body);
    }

    public static TxnHeader decodeHeader(JuteReader r) {
        long sessionId = r.readLong("header.clientId");
        int cxid = r.readInt("header.cxid");
        long zxid = r.readLong("header.zxid");
        long time = r.readLong("header.time");
        int type = r.readInt("header.type");
        return new TxnHeader(sessionId, cxid, zxid, time, type);
    }

    public static void encodeBody(int type, TxnBody body, JuteWriter w) {
        checkBodyFits(type, body);
        if (body instanceof TxnBody.CreateSession b) {
            w.writeInt(b.timeoutMs());
        } else if (body instanceof TxnBody.CloseSession b) {
            writeStrings(b.paths2Delete(), w);
        } else if (body instanceof TxnBody.Create b) {
            w.writeString(b.path()).writeBuffer(b.data());
            writeAcls(b.acl(), w);
            w.writeBool(b.ephemeral()).writeInt(b.parentCVersion());
        } else if (body instanceof TxnBody.CreateContainer b) {
            w.writeString(b.path()).writeBuffer(b.data());
            writeAcls(b.acl(), w);
            w.writeInt(b.parentCVersion());
        } else if (body instanceof TxnBody.CreateTtl b) {
            w.writeString(b.path()).writeBuffer(b.data());
            writeAcls(b.acl(), w);
            w.writeInt(b.parentCVersion()).writeLong(b.ttlMs());
        } else if (body instanceof TxnBody.Delete b) {
            w.writeString(b.path());
        } else if (body instanceof TxnBody.SetData b) {
            w.writeString(b.path()).writeBuffer(b.data()).writeInt(b.version());
        } else if (body instanceof TxnBody.SetAcl b) {
            w.writeString(b.path());
            writeAcls(b.acl(), w);
            w.writeInt(b.version());
        } else if (body instanceof TxnBody.CheckVersion b) {
            w.writeString(b.path()).writeInt(b.version());
        } else if (body instanceof TxnBody.Error b) {
            w.writeInt(b.err());
        } else if (body instanceof TxnBody.Multi b) {
            encodeMulti(b, w);
        }
    }

    private static void encodeMulti(TxnBody.Multi multi, JuteWriter w) {
        w.writeInt(multi.txns().size());
        for (TxnBody.Sub sub : multi.txns()) {
            w.writeInt(sub.type());
            int lengthAt = w.position();
            w.writeInt(0);
            encodeBody(sub.type(), sub.body(), w);
            int end = w.position();
            w.position(lengthAt);
            w.writeInt(end - lengthAt - 4);
            w.position(end);
        }
    }

    public static TxnBody decodeBody(int type, JuteReader r) {
        return switch (type) {
            case OpCode.CREATE_SESSION -> new TxnBody.CreateSession(r.readInt("CreateSessionTxn.timeOut"));
            case OpCode.CLOSE_SESSION -> new TxnBody.CloseSession(r.hasRemaining() ? readStrings(r) : List.of());
            case OpCode.CREATE, OpCode.CREATE2 -> new TxnBody.Create(
                    r.readString("CreateTxn.path"), r.readBuffer("CreateTxn.data"), readAcls(r),
                    r.readBool("CreateTxn.ephemeral"), r.readInt("CreateTxn.parentCVersion"));
            case OpCode.CREATE_CONTAINER -> new TxnBody.CreateContainer(
                    r.readString("CreateContainerTxn.path"), r.readBuffer("CreateContainerTxn.data"), readAcls(r),
                    r.readInt("CreateContainerTxn.parentCVersion"));
            case OpCode.CREATE_TTL -> new TxnBody.CreateTtl(
                    r.readString("CreateTTLTxn.path"), r.readBuffer("CreateTTLTxn.data"), readAcls(r),
                    r.readInt("CreateTTLTxn.parentCVersion"), r.readLong("CreateTTLTxn.ttl"));
            case OpCode.DELETE, OpCode.DELETE_CONTAINER -> new TxnBody.Delete(r.readString("DeleteTxn.path"));
            case OpCode.SET_DATA, OpCode.RECONFIG -> new TxnBody.SetData(
                    r.readString("SetDataTxn.path"), r.readBuffer("SetDataTxn.data"), r.readInt("SetDataTxn.version"));
            case OpCode.SET_ACL -> new TxnBody.SetAcl(
                    r.readString("SetACLTxn.path"), readAcls(r), r.readInt("SetACLTxn.version"));
            case OpCode.CHECK -> new TxnBody.CheckVersion(
                    r.readString("CheckVersionTxn.path"), r.readInt("CheckVersionTxn.version"));
            case OpCode.ERROR -> new TxnBody.Error(r.readInt("ErrorTxn.err"));
            case OpCode.MULTI -> decodeMulti(r);
            default -> throw new JuteException("not a transaction type: " + type);
        };
    }

    private static TxnBody.Multi decodeMulti(JuteReader r) {
        int n = r.readVectorCount("MultiTxn.txns", 8);
        List<TxnBody.Sub> subs = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            int type = r.readInt("MultiTxn.txn.type");
            if (type == OpCode.MULTI || type == OpCode.CREATE_SESSION || type == OpCode.CLOSE_SESSION) {
                throw new JuteException("sub-transaction of type " + OpCode.name(type) + " inside a multi");
            }
            int len = r.readInt("MultiTxn.txn.data.length");
            if (len < 0 || len > r.remaining()) {
                throw new JuteException("bad sub-transaction length " + len);
            }
            int start = r.position();
            TxnBody body = decodeBody(type, r);
            if (r.position() - start != len) {
                throw new JuteException("sub-transaction " + OpCode.name(type) + " length " + len
                        + " but record took " + (r.position() - start));
            }
            subs.add(new TxnBody.Sub(type, body));
        }
        return new TxnBody.Multi(subs);
    }

    private static void checkBodyFits(int type, TxnBody body) {
        boolean ok = switch (type) {
            case OpCode.CREATE_SESSION -> body instanceof TxnBody.CreateSession;
            case OpCode.CLOSE_SESSION -> body instanceof TxnBody.CloseSession;
            case OpCode.CREATE, OpCode.CREATE2 -> body instanceof TxnBody.Create;
            case OpCode.CREATE_CONTAINER -> body instanceof TxnBody.CreateContainer;
            case OpCode.CREATE_TTL -> body instanceof TxnBody.CreateTtl;
            case OpCode.DELETE, OpCode.DELETE_CONTAINER -> body instanceof TxnBody.Delete;
            case OpCode.SET_DATA, OpCode.RECONFIG -> body instanceof TxnBody.SetData;
            case OpCode.SET_ACL -> body instanceof TxnBody.SetAcl;
            case OpCode.CHECK -> body instanceof TxnBody.CheckVersion;
            case OpCode.ERROR -> body instanceof TxnBody.Error;
            case OpCode.MULTI -> body instanceof TxnBody.Multi;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException(body.getClass().getSimpleName() + " cannot be a " + OpCode.name(type) + " txn");
        }
    }

    public static void writeAcls(List<Acl> acls, JuteWriter w) {
        w.writeInt(acls.size());
        for (Acl a : acls) {
            w.writeInt(a.perms()).writeString(a.scheme()).writeString(a.id());
        }
    }

    public static List<Acl> readAcls(JuteReader r) {
        int n = r.readVectorCount("acl", 12);
        if (n < 0) {
            return List.of();
        }
        List<Acl> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Acl(r.readInt("acl.perms"), r.readString("acl.scheme"), r.readString("acl.id")));
        }
        return out;
    }

    private static void writeStrings(List<String> strings, JuteWriter w) {
        w.writeInt(strings.size());
        for (String s : strings) {
            w.writeString(s);
        }
    }

    private static List<String> readStrings(JuteReader r) {
        int n = r.readVectorCount("paths2Delete", 4);
        if (n < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.readString("paths2Delete.path"));
        }
        return out;
    }
}
