package io.zabd.engine;

import io.zabd.engine.log.RecoveryReport;

/**
 * What {@link Engine#open} found: the snapshot's zxid (0 without one), nodes loaded from it, log
 * records replayed after it, the resulting last zxid, what the log repaired, and how long it took.
 */
public record RecoveryInfo(long snapshotZxid, long snapshotNodes, long replayedTxns, long lastZxid,
        RecoveryReport logRepairs, long durationMs) {}
