package io.zabd.engine.log;

import java.util.List;

/**
 * What {@link TxnLog#open} repaired: torn tails cut back, trailing segments and half-created files
 * deleted. A torn tail holds at most the one record that was being written plus stray bytes, so
 * {@code tornRecords} counts tails that started with a non-zero length (a partial record), and
 * {@code bytesDropped} every non-zero byte zeroed or deleted.
 */
public record RecoveryReport(List<LogProblem> repaired, int tornRecords, long bytesDropped, int filesDeleted,
        long lastZxid) {

    public boolean clean() {
        return repaired.isEmpty();
    }
}
