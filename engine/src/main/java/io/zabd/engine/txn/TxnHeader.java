package io.zabd.engine.txn;

/**
 * Header of every logged transaction, jute layout
 * {@code TxnHeader{long clientId; int cxid; long zxid; long time; int type}} (32 bytes):
 * the session that issued it, the client's request xid, the zxid, the leader's wall-clock time in ms
 * (becomes ctime/mtime) and the op code ({@link OpCode}).
 */
public record TxnHeader(long sessionId, int cxid, long zxid, long timeMs, int type) {
    public static final int ENCODED_BYTES = 8 + 4 + 8 + 8 + 4;
}
