package io.zabd.server.quorum;

import io.zabd.server.zab.ZabMessage;
import io.zabd.server.zab.ZabPeer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters and timings of one runtime (runtime thread only): election durations (entering
 * LOOKING until established in a role), sync modes seen on either side, the learners a leader
 * synced and last heard from. {@link #snapshot} turns them into a {@link RuntimeStatus}.
 */
final class StatusTracker {
    private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);
    static final String[] MODES = {"DIFF", "TRUNC", "SNAP"};

    private final long myId;
    private final int historyMax;
    private final long syncLimitNs;
    private long electionStartNs = -1;
    private long elections;
    private long lastElectionMs = -1;
    private final ArrayDeque<Long> history = new ArrayDeque<>();
    private final long[] asLeader = new long[3];
    private final long[] asLearner = new long[3];
    private String lastSyncMode;
    private final Map<Long, Long> synced = new HashMap<>();
    private final Map<Long, Long> lastHeardNs = new HashMap<>();
    String failure;

    StatusTracker(long myId, int historyMax, long syncLimitMs) {
        this.myId = myId;
        this.historyMax = historyMax;
        this.syncLimitNs = Math.max(1, syncLimitMs) * 1_000_000L;
    }

    void electionStarted(long nowNs) {
        if (electionStartNs < 0) {
            electionStartNs = nowNs;
        }
    }

    /** Returns the election's duration in ms, or -1 if none was running. */
    long electionEnded(long nowNs) {
        if (electionStartNs < 0) {
            return -1;
        }
        long ms = (nowNs - electionStartNs) / 1_000_000;
        electionStartNs = -1;
        elections++;
        lastElectionMs = ms;
        history.addLast(ms);
        if (history.size() > historyMax) {
            history.pollFirst();
        }
        return ms;
    }

    private static int mode(ZabMessage.Body b) {
        if (b instanceof ZabMessage.Diff) {
            return 0;
        } else if (b instanceof ZabMessage.Trunc) {
            return 1;
        } else if (b instanceof ZabMessage.Snap) {
            return 2;
        }
        return -1;
    }

    void onSent(long to, ZabMessage.Body b, long nowNs) {
        int m = mode(b);
        if (m >= 0) {
            asLeader[m]++;
            lastSyncMode = MODES[m];
            LOG.info("server {} syncs server {} by {}", myId, to, MODES[m]);
        } else if (b instanceof ZabMessage.UpToDate) {
            synced.put(to, nowNs);
            lastHeardNs.put(to, nowNs);
        }
    }

    void onReceived(ZabMessage.Body b) {
        int m = mode(b);
        if (m >= 0) {
            asLearner[m]++;
            lastSyncMode = MODES[m];
            LOG.info("server {} is synced by {}", myId, MODES[m]);
        }
    }

    void heard(long from, long nowNs) {
        lastHeardNs.put(from, nowNs);
    }

    void clearSynced() {
        synced.clear();
    }

    RuntimeStatus snapshot(ZabPeer peer, long durableZxid, long appliedZxid, long digest, PeerTransport transport, long nowNs) {
        List<Long> live = new ArrayList<>();
        for (Long id : synced.keySet()) {
            Long heard = lastHeardNs.get(id);
            if (heard != null && nowNs - heard <= syncLimitNs) {
                live.add(id);
            }
        }
        live.sort(null);
        return new RuntimeStatus(myId, peer.state(), peer.phase(), peer.leaderId(), peer.epoch(), peer.established(),
                peer.acceptedEpoch(), peer.currentEpoch(), peer.lastLoggedZxid(), durableZxid, appliedZxid, digest, List.copyOf(live),
                lastSyncMode, asLeader.clone(), asLearner.clone(), elections, lastElectionMs, List.copyOf(history),
                transport == null ? 0 : transport.droppedMessages(), transport == null ? 0 : transport.droppedLinks(),
                failure);
    }
}
