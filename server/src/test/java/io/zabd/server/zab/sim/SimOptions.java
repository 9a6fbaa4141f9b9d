package io.zabd.server.zab.sim;

import java.util.SplittableRandom;

/**
 * The shape of one simulated run, drawn from its seed: ensemble size, fault rates, disk latency,
 * and the limits that decide whether SNAP and zxid rollover get exercised.
 *
 * @param seed                  the run's seed (everything below derives from it)
 * @param voters                3 or 5 voting peers
 * @param observers             0 or 1 observer
 * @param lossProbability       per message, before the faults stop
 * @param duplicateProbability  per message
 * @param reorderProbability    per message: ignore the link's FIFO order
 * @param faultPhaseMs          how long faults are injected
 * @param crashMeanMs           mean time between crashes
 * @param partitionMeanMs       mean time between partitions
 * @param purgeMeanMs           mean time between snapshot-and-purge of a random peer's log
 * @param fsyncMaxMs            fsync latency bound (plus rare stalls)
 * @param syncDiffMaxTxns       small values force SNAP
 * @param rolloverThreshold     small values force zxid counter rollover
 * @param clients               concurrent simulated clients
 */
record SimOptions(long seed, int voters, int observers, double lossProbability, double duplicateProbability,
                  double reorderProbability, int faultPhaseMs, int crashMeanMs, int partitionMeanMs, int purgeMeanMs,
                  int fsyncMaxMs, int syncDiffMaxTxns, long rolloverThreshold, int clients) {

    static SimOptions fromSeed(long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int voters = r.nextBoolean() ? 3 : 5;
        int observers = r.nextInt(10) < 4 ? 1 : 0;
        int lossKind = r.nextInt(4);
        double loss = lossKind == 0 ? 0 : r.nextDouble() * (lossKind == 3 ? 0.08 : 0.02);
        double dup = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.02;
        double reorder = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.01;
        int faultPhaseMs = 8_000 + r.nextInt(22_000);
        int crashMeanMs = 1_000 + r.nextInt(5_000);
        int partitionMeanMs = 1_000 + r.nextInt(6_000);
        int purgeMeanMs = 500 + r.nextInt(3_000);
        int fsyncMaxMs = 1 + r.nextInt(12);
        int diffMax = r.nextInt(3) == 0 ? 3 + r.nextInt(30) : 100_000;
        long rollover = r.nextInt(4) == 0 ? 30 + r.nextInt(200) : io.zabd.engine.txn.Zxid.COUNTER_ROLLOVER_THRESHOLD;
        int clients = 1 + r.nextInt(4);
        return new SimOptions(seed, voters, observers, loss, dup, reorder, faultPhaseMs, crashMeanMs, partitionMeanMs,
                purgeMeanMs, fsyncMaxMs, diffMax, rollover, clients);
    }
}
