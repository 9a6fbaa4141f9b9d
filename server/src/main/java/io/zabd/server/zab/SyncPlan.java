package io.zabd.server.zab;

import io.zabd.engine.txn.Zxid;
import java.util.List;

/**
 * How the leader brings one learner to its history (ZooKeeper's LearnerHandler.syncFollower):
 * DIFF, TRUNC then DIFF, or SNAP, and the proposals that follow the header.
 *
 * <p>Rules, with f the learner's last zxid and L the leader's:
 * <ul>
 *   <li>f == L, or f is in the leader's log: DIFF, proposals after f.</li>
 *   <li>otherwise T = L if f &gt; L, else the largest leader zxid below f. TRUNC to T when T is
 *       readable and in the same epoch as f: both logs are then prefixes of that epoch leader's log,
 *       so the learner holds T. Proposals after T follow.</li>
 *   <li>otherwise, or when more than syncDiffMaxTxns proposals would follow: SNAP of the leader's
 *       applied state, then the proposals after it.</li>
 * </ul>
 */
record SyncPlan(Kind kind, long fromZxid, List<LogEntry> entries) {
    enum Kind {
        DIFF,
        TRUNC,
        SNAP
    }

    static SyncPlan choose(LogView log, long learnerLast, long leaderLast, long appliedZxid, int diffMax) {
        Kind kind;
        long from;
        if (learnerLast == leaderLast || (learnerLast < leaderLast && log.contains(learnerLast))) {
            kind = Kind.DIFF;
            from = learnerLast;
        } else {
            long t = learnerLast > leaderLast ? leaderLast : log.floorZxid(learnerLast);
            if (t >= log.baseZxid() && t >= 0 && Zxid.epoch(t) == Zxid.epoch(learnerLast)) {
                kind = Kind.TRUNC;
                from = t;
            } else {
                kind = Kind.SNAP;
                from = appliedZxid;
            }
        }
        if (kind != Kind.SNAP) {
            List<LogEntry> entries = log.readAfter(from, diffMax + 1);
            if (entries.size() <= diffMax) {
                return new SyncPlan(kind, from, entries);
            }
        }
        return new SyncPlan(Kind.SNAP, appliedZxid, log.readAfter(appliedZxid, Integer.MAX_VALUE));
    }
}
