package io.zabd.server.zab.sim;

import io.zabd.server.zab.ZabConfig;
import io.zabd.server.zab.ZabPeer;

/** One simulated server: its disk survives crashes, everything else is rebuilt on restart. */
final class SimNode {
    final long id;
    final ZabConfig config;
    final SimDisk disk = new SimDisk();
    boolean up = true;
    long incarnation;
    ZabPeer peer;
    SmState applied = SmState.EMPTY;
    /**
     * States streamed after SNAP packets, by zxid, for the InstallSnapshot op (a late duplicate of an
     * old link's SNAP may arrive too; the state at a committed zxid is the same whichever brought it).
     */
    final java.util.Map<Long, SmState> incomingSnapshots = new java.util.HashMap<>();
    boolean fsyncInFlight;
    boolean epochWriteInFlight;
    boolean established;
    /** This peer's tick period: clocks drift (9 to 11 ms for a nominal 10 ms). */
    int tickMs = 10;

    SimNode(long id, ZabConfig config) {
        this.id = id;
        this.config = config;
    }

    /** Start (or restart) the peer from what is durable. */
    void start() {
        applied = disk.baseState();
        incomingSnapshots.clear();
        fsyncInFlight = false;
        epochWriteInFlight = false;
        established = false;
        peer = new ZabPeer(config, incarnation, disk, disk.durableAccepted(), disk.durableAcceptedLeader(), disk.durableCurrent(), applied.zxid());
    }
}
