package io.zabd.server.admin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What the four-letter words read from the server core: a narrow, read-only view (plus the two
 * resets) that the core implements. The commands call it from the admin thread, never from a Netty
 * I/O thread and never from a pipeline thread.
 *
 * <p>Thread contract: the plain methods must be safe from any thread (read volatile counters or a
 * snapshot the owner publishes). The methods returning a {@link CompletionStage} read structures
 * that one pipeline thread owns (watch tables, ephemerals, session buckets): the core completes the
 * stage from that owner thread, e.g. by posting a task to its bounded queue. The admin side waits
 * for them with a deadline ({@link FourLetterCommands#OWNER_REPLY_TIMEOUT_MS}).
 */
public interface ServerState {
    /** Whether the server is serving clients; when false every stateful command answers "not currently serving". */
    boolean isServing();

    ServerMode mode();

    /**
     * The version line, e.g. {@code "3.9.5-zabd-0.1.0, built on 2026-11-27 12:00 UTC"}. Tools parse
     * the part before the first '-' as the ZooKeeper version the server is compatible with.
     */
    String version();

    /** The figures of srvr/stat and the main mntr gauges, read together. */
    ServerStats stats();

    /**
     * Further mntr values by ZooKeeper's key without the {@code zk_} prefix (for example
     * {@code "fsynctime"} summaries as {@code "avg_fsynctime"}, {@code "p99_readlatency"}, or
     * {@code "snap_count"}). Keys ZooKeeper's standalone mntr prints that are absent here are printed
     * as 0; keys beyond that list (a leader's learners, synced_followers, pending_syncs, quorum_size,
     * ...) are printed after it in name order. See {@link Summary#putInto} for the
     * avg/min/max/cnt/sum(/p50..p999) family of a summary.
     */
    Map<String, Number> metrics();

    /** Open client connections with their per-connection figures (cons, stat). */
    List<ConnectionInfo> connections();

    /** crst: zero every connection's received/sent counters and latency figures. */
    void resetConnectionStats();

    /** srst: zero the server latency figures and packet counters. */
    void resetServerStats();

    /** Data watches per session (wchs, wchc, wchp), completed by the owner of the watch table. */
    CompletionStage<WatchReport> watches();

    /** Session expiry buckets and ephemerals per session (dump), completed by their owner. */
    CompletionStage<SessionReport> sessions();

    /** The recent tree digests (hash): zxid and digest, oldest first; empty when digests are off. */
    default List<ZxidDigest> digestLog() {
        return List.of();
    }

    /** Quorum peer_state for mntr, e.g. "leading - broadcast"; null when standalone. */
    default String peerState() {
        return null;
    }

    /** A leader's proposal sizes for srvr/stat; null otherwise. */
    default FourLetterFormat.ProposalSizes proposalSizes() {
        return null;
    }

    /** A tree digest at a zxid. */
    record ZxidDigest(long zxid, long digest) {}
}
