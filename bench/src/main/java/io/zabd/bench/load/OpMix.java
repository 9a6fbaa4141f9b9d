package io.zabd.bench.load;

import java.util.SplittableRandom;

/**
 * Picks the next request of a workload: the operation and, for the node-set workloads, a node index
 * drawn uniformly. Not thread-safe: one instance per issuing thread.
 */
public final class OpMix {
    private final WorkloadKind workload;
    private final int nodeCount;
    private final double readShare;
    private final SplittableRandom random;

    public OpMix(WorkloadKind workload, int nodeCount, double readShare, long seed) {
        this.workload = workload;
        this.nodeCount = nodeCount;
        this.readShare = readShare;
        this.random = new SplittableRandom(seed);
    }

    public OpKind nextKind() {
        switch (workload) {
            case CREATE:
                return OpKind.CREATE;
            case SET_DATA:
                return OpKind.SET_DATA;
            case GET_DATA:
                return OpKind.GET_DATA;
            case MIXED:
                return random.nextDouble() < readShare ? OpKind.GET_DATA : OpKind.SET_DATA;
            default:
                throw new IllegalStateException("unhandled workload " + workload);
        }
    }

    public int nextNode() {
        return nodeCount == 1 ? 0 : random.nextInt(nodeCount);
    }
}
