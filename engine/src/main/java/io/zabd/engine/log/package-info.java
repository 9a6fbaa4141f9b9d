/**
 * zabd's transaction log: segmented, preallocated, memory-mapped, append-only files with CRC32C
 * records ({@link io.zabd.engine.log.LogFormat}), a synchronous single-writer core
 * ({@link io.zabd.engine.log.TxnLog}), group commit on one writer thread
 * ({@link io.zabd.engine.log.GroupCommitLog}), cursors from any zxid, TRUNC and purge, and crash
 * recovery that cuts a torn tail and refuses corruption ({@link io.zabd.engine.log.LogScan}).
 * Format and rules: {@code src/docs/formats/txn-log.md}.
 */
package io.zabd.engine.log;
