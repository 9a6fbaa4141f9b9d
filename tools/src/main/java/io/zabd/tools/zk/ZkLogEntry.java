package io.zabd.tools.zk;

import io.zabd.engine.txn.Txn;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One transaction read from an Apache ZooKeeper txn log.
 *
 * @param file the log file
 * @param offset where the entry (its crc field) starts in the file
 * @param txn the decoded header and record
 * @param digest the optional trailing {@code TxnDigest}: the leader's tree digest after this txn
 */
public record ZkLogEntry(Path file, long offset, Txn txn, Optional<TxnDigest> digest) {

    public long zxid() {
        return txn.zxid();
    }

    /** ZooKeeper's {@code TxnDigest{int version; long treeDigest}}. */
    public record TxnDigest(int version, long treeDigest) {
        public static final int ENCODED_BYTES = 4 + 8;
    }
}
