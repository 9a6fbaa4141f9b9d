package io.zabd.server.pipeline;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.tree.prep.AuthId;
import io.zabd.engine.tree.prep.Caller;
import io.zabd.engine.txn.OpCode;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a learner's state machine sends its leader's state machine inside a ZAB REQUEST packet
 * (ensemble mode), and the leader's answer to a forwarded sync inside a ZAB SYNC packet. The leader prepares forwarded requests itself (prep stays on the leader, with
 * its pending changes); session touches keep follower-held sessions alive in the leader's tracker.
 *
 * <p>Layout (jute, big-endian): {@code int magic 0x5A465744 ("ZFWD")}, {@code byte kind}, then
 * <ul>
 *   <li>kind 1 REQUEST: {@code long sessionId, int cxid, int type, boolean superUser, ustring peerIp,
 *       int n, n × (ustring scheme, ustring id)}, then by type: createSession {@code int timeoutMs};
 *       closeSession nothing; sync and writes the client's request body (see {@link Request}).</li>
 *   <li>kind 2 TOUCH: {@code int n, n × long sessionId}.</li>
 *   <li>kind 3 SYNC_DONE (leader to learner): {@code long sessionId, int cxid} of the client's sync.</li>
 *   <li>kind 4 OWN: {@code long sessionId}: a client resumed this session on the sending learner, which
 *       now owns it (ZooKeeper's revalidation sets the owner the same way); the leader refuses later
 *       writes of the session that arrive through any other member with SESSIONMOVED.</li>
 * </ul>
 */
sealed interface Forwarded {
    int MAGIC = 0x5A465744;
    byte REQUEST = 1;
    byte TOUCH = 2;
    byte SYNC_DONE = 3;
    byte OWN = 4;

    /** A client request to prepare on the leader. {@code body} is null for session ops. */
    record Req(Caller caller, int type, int timeoutMs, Request body) implements Forwarded {}

    /** Sessions with a live connection on the sending learner. */
    record Touch(List<Long> sessionIds) implements Forwarded {}

    /** The leader's answer to the forwarded sync of (sessionId, cxid). */
    record SyncDone(long sessionId, int cxid) implements Forwarded {}

    /** The session now has its connection on the sending learner. */
    record Own(long sessionId) implements Forwarded {}

    static byte[] encode(Forwarded f) {
        return encode(f, new JuteWriter());
    }

    /** Encodes through {@code w} (a scratch writer reused by its owner thread); returns an exact-size copy. */
    static byte[] encode(Forwarded f, JuteWriter w) {
        w.position(0);
        w.writeInt(MAGIC);
        if (f instanceof Req r) {
            w.writeByte(REQUEST);
            Caller c = r.caller();
            w.writeLong(c.sessionId()).writeInt(c.cxid()).writeInt(r.type()).writeBool(c.superUser());
            w.writeString(c.peerIp());
            w.writeInt(c.authIds().size());
            for (AuthId id : c.authIds()) {
                w.writeString(id.scheme()).writeString(id.id());
            }
            if (r.type() == OpCode.CREATE_SESSION) {
                w.writeInt(r.timeoutMs());
            } else if (r.body() != null) {
                r.body().encode(w);
            }
        } else if (f instanceof SyncDone d) {
            w.writeByte(SYNC_DONE);
            w.writeLong(d.sessionId()).writeInt(d.cxid());
        } else if (f instanceof Own o) {
            w.writeByte(OWN);
            w.writeLong(o.sessionId());
        } else {
            Touch t = (Touch) f;
            w.writeByte(TOUCH);
            w.writeInt(t.sessionIds().size());
            for (long id : t.sessionIds()) {
                w.writeLong(id);
            }
        }
        return w.toByteArray(0);
    }

    /** Decodes; a malformed message throws (a RuntimeException from the reader). */
    static Forwarded decode(byte[] bytes) {
        JuteReader r = new JuteReader(bytes);
        if (r.readInt("magic") != MAGIC) {
            throw new IllegalArgumentException("not a forwarded request");
        }
        byte kind = r.readByte("kind");
        if (kind == TOUCH) {
            int n = r.readVectorCount("touch", 8);
            List<Long> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(r.readLong("sessionId"));
            }
            return new Touch(ids);
        }
        if (kind == SYNC_DONE) {
            return new SyncDone(r.readLong("sessionId"), r.readInt("cxid"));
        }
        if (kind == OWN) {
            return new Own(r.readLong("sessionId"));
        }
        if (kind != REQUEST) {
            throw new IllegalArgumentException("unknown forwarded kind " + kind);
        }
        long sessionId = r.readLong("sessionId");
        int cxid = r.readInt("cxid");
        int type = r.readInt("type");
        boolean superUser = r.readBool("superUser");
        String peerIp = r.readString("peerIp");
        int n = r.readVectorCount("authIds", 8);
        List<AuthId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(new AuthId(r.readString("scheme"), r.readString("id")));
        }
        Caller caller = new Caller(sessionId, cxid, ids, peerIp, superUser);
        if (type == OpCode.CREATE_SESSION) {
            return new Req(caller, type, r.readInt("timeoutMs"), null);
        }
        if (type == OpCode.CLOSE_SESSION) {
            return new Req(caller, type, 0, null);
        }
        return new Req(caller, type, 0, RequestCodec.decode(type, r));
    }
}
