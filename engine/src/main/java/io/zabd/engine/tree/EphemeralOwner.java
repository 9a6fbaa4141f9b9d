package io.zabd.engine.tree;

/**
 * What a znode's {@code ephemeralOwner} means, with ZooKeeper's {@code EphemeralType} encoding:
 * 0 = persistent; {@code 0x8000000000000000} = container; when extended types are enabled, a value
 * whose high byte is {@code 0xff} is a TTL node: {@code 0xff | 2 reserved bytes (0) | 40-bit TTL in ms};
 * anything else is the id of the session that owns an ephemeral node.
 *
 * <pre>
 *  byte:  0     1  2       3  4  5  6  7
 *        +----+------+-----------------+
 *        | ff | 0000 |  TTL ms (40 bit) |     TTL node (extendedTypesEnabled only)
 *        +----+------+-----------------+
 * </pre>
 */
public final class EphemeralOwner {
    public static final long CONTAINER = Long.MIN_VALUE;
    public static final long TTL_MAX_MS = 0xFF_FFFF_FFFFL;
    private static final long EXTENDED_MASK = 0xff00_0000_0000_0000L;
    private static final long RESERVED_MASK = 0x00ff_ff00_0000_0000L;

    /** ZooKeeper's EphemeralType values. */
    public enum Kind { VOID, NORMAL, CONTAINER, TTL }

    private EphemeralOwner() {}

    /**
     * Classifies an owner value. With extended types enabled, a high byte of 0xff with non-zero
     * reserved bits is not a valid owner; ZooKeeper throws there, we report it as NORMAL (an
     * unknown session), which never matches a live session.
     */
    public static Kind kind(long owner, boolean extendedTypesEnabled) {
        if (extendedTypesEnabled && (owner & EXTENDED_MASK) == EXTENDED_MASK && (owner & RESERVED_MASK) == 0) {
            return Kind.TTL;
        }
        if (owner == CONTAINER) {
            return Kind.CONTAINER;
        }
        return owner == 0 ? Kind.VOID : Kind.NORMAL;
    }

    /** Whether {@code ttlMs} is a TTL a node may carry: 1 .. 2^40-1 ms. */
    public static boolean validTtl(long ttlMs) {
        return ttlMs > 0 && ttlMs <= TTL_MAX_MS;
    }

    public static long ttlOwner(long ttlMs) {
        if (!validTtl(ttlMs)) {
            throw new IllegalArgumentException("ttl must be in 1.." + TTL_MAX_MS + " ms: " + ttlMs);
        }
        return EXTENDED_MASK | ttlMs;
    }

    public static long ttlMs(long owner) {
        return owner & ~(EXTENDED_MASK | RESERVED_MASK);
    }
}
