package io.zabd.server.zab.sim;

/**
 * The simulated state machine: how many transactions were applied, the last zxid, and a running
 * hash of every applied (zxid, txn). Two replicas with the same count and digest applied the same
 * sequence.
 */
record SmState(long zxid, long count, long digest) {
    static final SmState EMPTY = new SmState(0, 0, 0x9E3779B97F4A7C15L);

    SmState apply(long txnZxid, byte[] txn) {
        long h = mix(digest ^ mix(txnZxid));
        for (byte b : txn) {
            h = mix(h ^ (b & 0xFF));
        }
        return new SmState(txnZxid, count + 1, h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
