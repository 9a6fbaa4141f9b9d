package io.zabd.server.admin.audit;

import io.zabd.engine.txn.OpCode;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * One committed operation as the audit stream records it. The apply thread builds it after applying
 * the transaction and hands it to {@link AuditLog#offer}.
 *
 * <p>Layout of one Chronicle Queue excerpt (little-endian as Chronicle Bytes writes; strings are
 * Chronicle's stop-bit length + UTF-8, a null string is length -1):
 *
 * <pre>
 * byte    version            1
 * long    zxid
 * long    timeMs             the transaction's time (epoch ms)
 * long    sessionId
 * string  clientAddress      "ip:port", or null when not known (e.g. session expiry)
 * int     authIdCount
 * string  authId x count     "scheme:id"
 * int     op                 ZooKeeper op code (io.zabd.engine.txn.OpCode)
 * string  path               null for operations without one (closeSession)
 * int     resultCode         KeeperException code, 0 = OK
 * </pre>
 *
 * @param authIds the session's authenticated ids, "scheme:id" (e.g. "digest:alice", "ip:127.0.0.1")
 */
public record AuditEvent(long zxid, long timeMs, long sessionId, String clientAddress, List<String> authIds, int op,
        String path, int resultCode) {
    static final byte VERSION = 1;
    /** Authenticated ids recorded per event; more are cut (a session rarely has more than a few). */
    public static final int AUTH_IDS_MAX = 64;

    public AuditEvent {
        authIds = List.copyOf(authIds);
        if (authIds.size() > AUTH_IDS_MAX) {
            throw new IllegalArgumentException("more than " + AUTH_IDS_MAX + " auth ids: " + authIds.size());
        }
    }

    /** The op code's name, e.g. "create", "setData". */
    public String opName() {
        return OpCode.name(op);
    }

    void writeTo(BytesOut<?> out) {
        out.writeByte(VERSION);
        out.writeLong(zxid);
        out.writeLong(timeMs);
        out.writeLong(sessionId);
        out.writeUtf8(clientAddress);
        out.writeInt(authIds.size());
        for (String id : authIds) {
            out.writeUtf8(id);
        }
        out.writeInt(op);
        out.writeUtf8(path);
        out.writeInt(resultCode);
    }

    /** Reads one excerpt; an unknown version or a bad count is a corrupt record. */
    static AuditEvent readFrom(BytesIn<?> in) {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("audit record version " + version + ", expected " + VERSION);
        }
        long zxid = in.readLong();
        long timeMs = in.readLong();
        long sessionId = in.readLong();
        String clientAddress = in.readUtf8();
        int count = in.readInt();
        if (count < 0 || count > AUTH_IDS_MAX) {
            throw new IllegalStateException("audit record with " + count + " auth ids");
        }
        List<String> authIds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            authIds.add(in.readUtf8());
        }
        int op = in.readInt();
        String path = in.readUtf8();
        int resultCode = in.readInt();
        return new AuditEvent(zxid, timeMs, sessionId, clientAddress, authIds, op, path, resultCode);
    }
}
