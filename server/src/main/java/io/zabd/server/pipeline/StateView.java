package io.zabd.server.pipeline;

import io.zabd.engine.tree.DataTree;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.watch.WatchManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link StateMachine#query} may read, on the agent thread only (do not keep references past
 * the query): the tree, the live sessions, the connections and the watches, plus pipeline counters.
 */
public final class StateView {
    private final StateMachine machine;

    StateView(StateMachine machine) {
        this.machine = machine;
    }

    public DataTree tree() {
        return machine.tree();
    }

    public WatchManager<Cnxn> watches() {
        return machine.watches();
    }

    /** Session id to negotiated timeout of every live session. */
    public Map<Long, Integer> sessionTimeouts() {
        return machine.sessionsForView().tracker().timeouts();
    }

    /** The open client connections. */
    public List<Cnxn> connections() {
        return new ArrayList<>(machine.cnxns().values());
    }

    /** Requests accepted and not answered yet (globalOutstandingLimit counts these). */
    public int outstandingRequests() {
        return machine.sink().outstanding();
    }

    /** How often a connection stopped reading for back-pressure since start. */
    public long readPauses() {
        return machine.sink().readPauses();
    }

    /** Transactions prepared and not yet durable and applied. */
    public int inFlightTxns() {
        return machine.inFlightCount();
    }

    /** Session expiry bucket time to the sessions in it. */
    public Map<Long, List<Long>> expiryBuckets() {
        return machine.sessionsForView().tracker().expiryBuckets();
    }

    public long packetsReceived() {
        return machine.sink().packetsReceived();
    }

    public long packetsSent() {
        return machine.packetsSent();
    }

    /** srst: zero the packet counters. crst is {@link Cnxn#resetCounters} per connection. */
    public void resetPacketCounters() {
        machine.sink().resetPacketsReceived();
        machine.resetPacketsSent();
    }

    /** Request latency since start or the last srst. */
    public Latency latency() {
        return machine.latency();
    }

    public long lastProcessedZxid() {
        return machine.lastProcessedZxid();
    }

    /** Ensemble leader: learners' syncs waiting for an earlier proposal's COMMIT; else 0. */
    public int pendingSyncs() {
        return machine.ensemble == null ? 0 : machine.ensemble.pendingSyncs();
    }

    /** Ensemble leader: ms since it began serving as leader; else 0. */
    public long leaderUptimeMs() {
        return machine.ensemble == null ? 0 : machine.ensemble.leaderUptimeMs(System.currentTimeMillis());
    }

    /** Ensemble: last, smallest and largest proposal made here in bytes, -1 before the first. */
    public long[] proposalSizes() {
        return machine.ensemble == null ? new long[] {-1, -1, -1} : machine.ensemble.proposalSizes();
    }
}
