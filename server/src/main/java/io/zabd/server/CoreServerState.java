package io.zabd.server;

import io.zabd.server.admin.ConnectionInfo;
import io.zabd.server.admin.ServerMode;
import io.zabd.server.admin.ServerState;
import io.zabd.server.admin.ServerStats;
import io.zabd.server.admin.SessionReport;
import io.zabd.server.admin.WatchReport;
import io.zabd.server.client.Cnxn;
import io.zabd.server.pipeline.StateView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The four-letter words' view of a standalone server. Everything is read on the state-machine thread
 * through {@link ZabdServer#query}; the plain methods wait for that with a deadline (they are called
 * from the admin thread, never from an I/O or pipeline thread). Per-connection latency and
 * response-size figures are not measured yet and read 0.
 */
final class CoreServerState implements ServerState {
    /** zabd speaks ZooKeeper 3.9.5's protocol; tools parse the part before the first '-'. */
    static final String VERSION = "3.9.5-zabd-0.1.0, built on unknown";
    private static final long QUERY_TIMEOUT_MS = 5_000;
    /** ZooKeeper's cons prints interestOps; 1 = OP_READ for a connection that is reading. */
    private static final int INTEREST_READ = 1;

    private final ZabdServer server;
    private final long startMs = System.currentTimeMillis();

    CoreServerState(ZabdServer server) {
        this.server = server;
    }

    private <T> T now(Function<StateView, T> query, T fallback) {
        try {
            return server.query(query).get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        } catch (ExecutionException | TimeoutException e) {
            return fallback;
        }
    }

    @Override
    public boolean isServing() {
        io.zabd.server.quorum.RuntimeStatus q = server.quorumStatus();
        return !server.fatal().isDone() && (q == null || (q.established() && q.state() != io.zabd.server.zab.ServerState.LOOKING));
    }

    /** Ensemble: the tree digest at the applied zxid (equal on members at equal zxids); standalone: none. */
    @Override
    public List<ZxidDigest> digestLog() {
        io.zabd.server.quorum.RuntimeStatus q = server.quorumStatus();
        return q == null ? List.of() : List.of(new ZxidDigest(q.appliedZxid(), q.digest()));
    }

    @Override
    public String peerState() {
        io.zabd.server.quorum.RuntimeStatus q = server.quorumStatus();
        if (q == null) {
            return null;
        }
        return switch (q.state()) {
            case LEADING -> "leading";
            case FOLLOWING -> "following";
            case OBSERVING -> "observing";
            case LOOKING -> "looking";
        } + " - " + (q.established() ? "broadcast" : q.phase().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public ServerMode mode() {
        return server.mode();
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public ServerStats stats() {
        return now(v -> {
            long ephemerals = 0;
            for (Long id : v.sessionTimeouts().keySet()) {
                ephemerals += v.tree().getEphemerals(id).size();
            }
            return new ServerStats(v.latency().minMs(), v.latency().avgMs(), v.latency().maxMs(), v.packetsReceived(), v.packetsSent(), v.outstandingRequests(),
                    v.lastProcessedZxid(), v.tree().nodeCount() + 1L, v.connections().size(), ephemerals,
                    v.watches().watchCount(), v.sessionTimeouts().size(), v.tree().approximateDataSize(),
                    System.currentTimeMillis() - startMs, 0, 0, 0, 0);
        }, new ServerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, System.currentTimeMillis() - startMs, 0, 0, 0, 0));
    }

    @Override
    public Map<String, Number> metrics() {
        io.zabd.server.quorum.RuntimeStatus q = server.quorumStatus();
        if (q == null) {
            return Map.of();
        }
        long voters = server.config().servers().values().stream().filter(s -> !s.observer()).count();
        // ZooKeeper's counters of the syncs this server served as leader: a SNAP, or a DIFF (with or
        // without a TRUNC first), counted since start whatever the current role
        long[] served = q.syncsAsLeader();
        Map<String, Number> counts = Map.of("diff_count", served[0] + served[1], "snap_count", served[2]);
        if (q.state() != io.zabd.server.zab.ServerState.LEADING) {
            Map<String, Number> m = new HashMap<>(counts);
            m.put("quorum_size", voters); // ZooKeeper's QuorumPeer gauge: the voting members
            return m;
        }
        // ZooKeeper 3.9.5's leader gauges (LeaderZooKeeperServer): learners, synced followers and
        // observers (here: those that got UPTODATE and were heard within syncLimit), pending syncs,
        // proposal sizes, leader uptime, quorum size. No zk_followers (3.4's key) any more.
        long observers = q.syncedFollowers().stream().filter(id -> {
            io.zabd.server.config.QuorumServer s = server.config().servers().get(id);
            return s != null && s.observer();
        }).count();
        long learners = q.syncedFollowers().size();
        long[] leader = now(v -> {
            long[] sizes = v.proposalSizes();
            return new long[] {v.pendingSyncs(), v.leaderUptimeMs(), sizes[0], sizes[1], sizes[2]};
        }, new long[] {0, 0, -1, -1, -1});
        Map<String, Number> m = new HashMap<>(counts);
        m.put("learners", learners);
        m.put("synced_followers", learners - observers);
        m.put("synced_observers", observers);
        m.put("synced_non_voting_followers", 0L);
        m.put("pending_syncs", leader[0]);
        m.put("leader_uptime", leader[1]);
        m.put("last_proposal_size", leader[2]);
        m.put("min_proposal_size", leader[3]);
        m.put("max_proposal_size", leader[4]);
        m.put("quorum_size", voters);
        return m;
    }

    @Override
    public List<ConnectionInfo> connections() {
        return now(v -> {
            List<ConnectionInfo> out = new ArrayList<>();
            for (Cnxn c : v.connections()) {
                out.add(new ConnectionInfo(c.connection().remoteAddress(), INTEREST_READ, 0, c.received(), c.sent(),
                        c.sessionId(), c.lastOperation(), c.establishedMs(), c.timeoutMs(), c.lastCxid(), c.lastZxid(),
                        c.lastResponseMs(), c.lastLatencyMs(), c.latency().minMs(), (long) c.latency().avgMs(),
                        c.latency().maxMs()));
            }
            return out;
        }, List.of());
    }

    @Override
    public void resetConnectionStats() {
        now(v -> {
            v.connections().forEach(Cnxn::resetCounters);
            return null;
        }, null);
    }

    @Override
    public void resetServerStats() {
        now(v -> {
            v.resetPacketCounters();
            return null;
        }, null);
    }

    @Override
    public CompletionStage<WatchReport> watches() {
        return server.query(v -> {
            Map<Long, List<String>> bySession = new HashMap<>();
            for (Cnxn c : v.connections()) {
                List<String> paths = new ArrayList<>(v.watches().pathsOf(c));
                if (!paths.isEmpty()) {
                    bySession.computeIfAbsent(c.sessionId(), k -> new ArrayList<>()).addAll(paths);
                }
            }
            return new WatchReport(bySession);
        });
    }

    @Override
    public CompletionStage<SessionReport> sessions() {
        CompletableFuture<SessionReport> report = server.query(v -> {
            Map<Long, List<String>> ephemerals = new HashMap<>();
            for (Long id : v.sessionTimeouts().keySet()) {
                List<String> paths = v.tree().getEphemerals(id);
                if (!paths.isEmpty()) {
                    ephemerals.put(id, paths);
                }
            }
            return new SessionReport(v.expiryBuckets(), ephemerals);
        });
        return report;
    }
}
