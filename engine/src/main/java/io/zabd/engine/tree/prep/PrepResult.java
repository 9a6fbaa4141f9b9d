package io.zabd.engine.tree.prep;

import io.zabd.engine.tree.KeeperCode;
import io.zabd.engine.txn.Txn;

/**
 * Prep's outcome: the transaction to log, and the error the request met ({@link KeeperCode#OK} if
 * none). As in ZooKeeper a failed request still becomes a transaction with its zxid: an ErrorTxn
 * (type error) for a single op, or a multi whose failing op is an ErrorTxn with its code and later
 * ops ErrorTxn(RUNTIMEINCONSISTENCY).
 */
public record PrepResult(Txn txn, int err) {
    public boolean ok() {
        return err == KeeperCode.OK;
    }
}
