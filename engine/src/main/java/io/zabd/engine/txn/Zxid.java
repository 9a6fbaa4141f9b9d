package io.zabd.engine.txn;

/**
 * ZooKeeper transaction ids: the epoch in the high 32 bits, a counter within the epoch in the low
 * 32 bits. Zxids of one history are strictly increasing; counter 0 of an epoch is never used by a
 * transaction (it names "the start of epoch e").
 */
public final class Zxid {
    public static final long COUNTER_MASK = 0xFFFF_FFFFL;
    /** Counter value at which a leader must move to a new epoch rather than wrap (ZK-1277). */
    public static final long COUNTER_ROLLOVER_THRESHOLD = COUNTER_MASK - 1;

    private Zxid() {}

    public static long of(long epoch, long counter) {
        if (epoch < 0 || epoch > COUNTER_MASK) {
            throw new IllegalArgumentException("epoch out of range: " + epoch);
        }
        if (counter < 0 || counter > COUNTER_MASK) {
            throw new IllegalArgumentException("counter out of range: " + counter);
        }
        return (epoch << 32) | counter;
    }

    public static long epoch(long zxid) {
        return zxid >>> 32;
    }

    public static long counter(long zxid) {
        return zxid & COUNTER_MASK;
    }

    /** ZooKeeper's way of printing a zxid: {@code 0x} and lower-case hex, not padded. */
    public static String toHex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }

    /** Parses a zxid written in hex, with or without a leading {@code 0x}. */
    public static long parseHex(String text) {
        String t = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        return Long.parseUnsignedLong(t, 16);
    }
}
