package io.zabd.server.zab;

import io.zabd.engine.txn.Zxid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The ensemble and the limits of one peer's ZAB core, all in ticks of the caller's clock (the
 * defaults assume a 10 ms tick: finalizeWait 200 ms as ZooKeeper's, initLimit 20 s and syncLimit 10 s
 * as ZooKeeper's 10 and 5 ticks of 2 s). Validated once, at construction.
 *
 * @param myId                        this peer's server id
 * @param voters                      server ids of the participants (voting members), including myId if it votes
 * @param observers                   server ids of observers (never vote, never counted in a quorum)
 * @param finalizeWaitTicks           how long a quorum must agree with no better vote arriving (ZooKeeper: 200 ms)
 * @param notificationTimeoutMinTicks first resend interval of election notifications when nothing arrives
 * @param notificationTimeoutMaxTicks the interval doubles up to this (ZooKeeper: 60 s)
 * @param initLimitTicks              discovery and synchronisation must finish within this
 * @param syncLimitTicks              in broadcast, a peer silent this long is considered gone
 * @param pingIntervalTicks           the leader pings learners this often (ZooKeeper: tickTime / 2)
 * @param proposalsInFlightMax        proposals awaiting commit at the leader before submit says BUSY
 * @param syncDiffMaxTxns             a DIFF longer than this is replaced by SNAP
 * @param counterRolloverThreshold    zxid counters must stay below this; reaching it ends the epoch
 * @param rolloverDrainTicks          how long a rolling-over leader waits for in-flight proposals to commit
 */
public record ZabConfig(
        long myId,
        List<Long> voters,
        List<Long> observers,
        int finalizeWaitTicks,
        int notificationTimeoutMinTicks,
        int notificationTimeoutMaxTicks,
        int initLimitTicks,
        int syncLimitTicks,
        int pingIntervalTicks,
        int proposalsInFlightMax,
        int syncDiffMaxTxns,
        long counterRolloverThreshold,
        int rolloverDrainTicks) {

    public ZabConfig {
        voters = List.copyOf(new TreeSet<>(voters));
        observers = List.copyOf(new TreeSet<>(observers));
        require(!voters.isEmpty(), "at least one voter is required");
        for (long id : voters) {
            require(id >= 0, "server ids must be >= 0, got " + id);
            require(!observers.contains(id), "server " + id + " is both voter and observer");
        }
        for (long id : observers) {
            require(id >= 0, "server ids must be >= 0, got " + id);
        }
        require(voters.contains(myId) || observers.contains(myId), "myId " + myId + " is not in the ensemble");
        require(finalizeWaitTicks >= 0, "finalizeWaitTicks must be >= 0");
        require(notificationTimeoutMinTicks >= 1, "notificationTimeoutMinTicks must be >= 1");
        require(notificationTimeoutMaxTicks >= notificationTimeoutMinTicks,
                "notificationTimeoutMaxTicks must be >= notificationTimeoutMinTicks");
        require(syncLimitTicks >= 2, "syncLimitTicks must be >= 2");
        require(initLimitTicks >= syncLimitTicks, "initLimitTicks must be >= syncLimitTicks");
        require(pingIntervalTicks >= 1 && pingIntervalTicks < syncLimitTicks,
                "pingIntervalTicks must be >= 1 and below syncLimitTicks");
        require(proposalsInFlightMax >= 1, "proposalsInFlightMax must be >= 1");
        require(syncDiffMaxTxns >= 0, "syncDiffMaxTxns must be >= 0");
        require(counterRolloverThreshold >= 2 && counterRolloverThreshold <= Zxid.COUNTER_ROLLOVER_THRESHOLD,
                "counterRolloverThreshold must be in [2, " + Zxid.COUNTER_ROLLOVER_THRESHOLD + "]");
        require(rolloverDrainTicks >= 0, "rolloverDrainTicks must be >= 0");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("invalid ZAB configuration: " + message);
        }
    }

    public boolean isVoter(long id) {
        return voters.contains(id);
    }

    public boolean isObserver(long id) {
        return observers.contains(id);
    }

    public boolean amVoter() {
        return isVoter(myId);
    }

    /** True if the voters among {@code ids} are a strict majority of all voters. */
    /** True if {@code distinctVoters} different voters make a quorum (the caller counted each voter once). */
    public boolean isQuorumCount(int distinctVoters) {
        return 2 * distinctVoters > voters.size();
    }

    public boolean isQuorum(Collection<Long> ids) {
        int n = 0;
        for (long id : new TreeSet<>(ids)) {
            if (isVoter(id)) {
                n++;
            }
        }
        return 2 * n > voters.size();
    }

    /** Every other member (voters and observers). */
    public List<Long> others() {
        List<Long> all = new ArrayList<>();
        for (long id : voters) {
            if (id != myId) {
                all.add(id);
            }
        }
        for (long id : observers) {
            if (id != myId) {
                all.add(id);
            }
        }
        return all;
    }

    public static Builder builder(long myId, Collection<Long> voters, Collection<Long> observers) {
        return new Builder(myId, voters, observers);
    }

    /** Defaults for a 10 ms tick, each overridable. */
    public static final class Builder {
        private final long myId;
        private final List<Long> voters;
        private final List<Long> observers;
        private int finalizeWaitTicks = 20;
        private int notificationTimeoutMinTicks = 20;
        private int notificationTimeoutMaxTicks = 6_000;
        private int initLimitTicks = 2_000;
        private int syncLimitTicks = 1_000;
        private int pingIntervalTicks = 100;
        private int proposalsInFlightMax = 1_000;
        private int syncDiffMaxTxns = 100_000;
        private long counterRolloverThreshold = Zxid.COUNTER_ROLLOVER_THRESHOLD;
        private int rolloverDrainTicks = 500;

        private Builder(long myId, Collection<Long> voters, Collection<Long> observers) {
            this.myId = myId;
            this.voters = List.copyOf(voters);
            this.observers = List.copyOf(observers);
        }

        public Builder finalizeWaitTicks(int v) { finalizeWaitTicks = v; return this; }
        public Builder notificationTimeoutMinTicks(int v) { notificationTimeoutMinTicks = v; return this; }
        public Builder notificationTimeoutMaxTicks(int v) { notificationTimeoutMaxTicks = v; return this; }
        public Builder initLimitTicks(int v) { initLimitTicks = v; return this; }
        public Builder syncLimitTicks(int v) { syncLimitTicks = v; return this; }
        public Builder pingIntervalTicks(int v) { pingIntervalTicks = v; return this; }
        public Builder proposalsInFlightMax(int v) { proposalsInFlightMax = v; return this; }
        public Builder syncDiffMaxTxns(int v) { syncDiffMaxTxns = v; return this; }
        public Builder counterRolloverThreshold(long v) { counterRolloverThreshold = v; return this; }
        public Builder rolloverDrainTicks(int v) { rolloverDrainTicks = v; return this; }

        public ZabConfig build() {
            return new ZabConfig(myId, voters, observers, finalizeWaitTicks, notificationTimeoutMinTicks,
                    notificationTimeoutMaxTicks, initLimitTicks, syncLimitTicks, pingIntervalTicks,
                    proposalsInFlightMax, syncDiffMaxTxns, counterRolloverThreshold, rolloverDrainTicks);
        }
    }
}
