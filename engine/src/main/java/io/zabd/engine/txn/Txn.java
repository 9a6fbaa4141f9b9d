package io.zabd.engine.txn;

/** A whole transaction: header and record. Immutable; encoded by {@link TxnCodec}. */
public record Txn(TxnHeader header, TxnBody body) {
    public long zxid() {
        return header.zxid();
    }

    public int type() {
        return header.type();
    }
}
