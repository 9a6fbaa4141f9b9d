package io.zabd.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The validated, immutable configuration of one server, built by {@link ZooCfgParser} from a
 * zoo.cfg. Names follow the zoo.cfg keys with their unit last; defaults are ZooKeeper's.
 *
 * @param tickTimeMs                  tickTime (default 3000, ZooKeeperServer.DEFAULT_TICK_TIME)
 * @param dataDir                     dataDir (required): snapshots and myid
 * @param dataLogDir                  dataLogDir (default dataDir): transaction log
 * @param clientAddress               clientPortAddress:clientPort (wildcard address when no clientPortAddress)
 * @param maxClientCnxns              per client IP, 0 = unlimited (default 60)
 * @param maxCnxns                    total client connections, 0 = unlimited (default 0)
 * @param minSessionTimeoutMs         default 2 x tickTime
 * @param maxSessionTimeoutMs         default 20 x tickTime
 * @param globalOutstandingLimit      requests in flight before reads stop (default 1000)
 * @param preAllocSizeKb              log preallocation step in KB (default 65536)
 * @param snapCount                   txns between snapshots (default 100000, at least 2)
 * @param snapSizeLimitKb             log bytes between snapshots in KB, 0 or less = off (default 4194304)
 * @param autopurgeSnapRetainCount    snapshots kept by autopurge (default 3; smaller values become 3)
 * @param autopurgePurgeIntervalHours 0 or less = autopurge off (default 0)
 * @param forceSync                   fsync the log before acknowledging (default yes)
 * @param juteMaxBufferBytes          largest frame accepted, jute.maxbuffer (default 0xfffff)
 * @param fourLetterWhitelist         4lw.commands.whitelist (default srvr)
 * @param extendedTypesEnabled        TTL nodes allowed (default false)
 * @param containerCheckIntervalMs    znode.container.checkIntervalMs (default 60000)
 * @param superDigest                 superDigest {@code user:base64(sha1)} or null
 * @param auditEnabled                audit.enable (default false)
 * @param initLimitTicks              initLimit, 0 when standalone
 * @param syncLimitTicks              syncLimit, 0 when standalone
 * @param servers                     server.N entries by id, empty when standalone
 * @param myid                        this server's id from dataDir/myid, 0 when standalone
 * @param unknownKeys                 keys that were warned about and ignored
 */
public record ServerConfig(int tickTimeMs, Path dataDir, Path dataLogDir, InetSocketAddress clientAddress,
        int maxClientCnxns, int maxCnxns, int minSessionTimeoutMs, int maxSessionTimeoutMs,
        int globalOutstandingLimit, long preAllocSizeKb, int snapCount, long snapSizeLimitKb,
        int autopurgeSnapRetainCount, int autopurgePurgeIntervalHours, boolean forceSync, int juteMaxBufferBytes,
        FourLetterWhitelist fourLetterWhitelist, boolean extendedTypesEnabled, long containerCheckIntervalMs,
        String superDigest, boolean auditEnabled, int initLimitTicks, int syncLimitTicks,
        Map<Long, QuorumServer> servers, long myid, List<String> unknownKeys) {

    public static final int DEFAULT_TICK_TIME_MS = 3000;
    public static final int DEFAULT_MAX_CLIENT_CNXNS = 60;
    public static final int DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
    public static final long DEFAULT_PRE_ALLOC_SIZE_KB = 65536;
    /** Largest preAllocSize: zabd maps each log segment whole, and a mapping is at most 1 GiB. */
    public static final long MAX_PRE_ALLOC_SIZE_KB = 1L << 20;
    /** A log segment holds at least this many records of the largest size. */
    public static final int LOG_SEGMENT_RECORDS_MIN = 4;
    public static final int DEFAULT_SNAP_COUNT = 100_000;
    public static final long DEFAULT_SNAP_SIZE_LIMIT_KB = 4_194_304;
    public static final int MIN_SNAP_RETAIN_COUNT = 3;
    public static final int DEFAULT_JUTE_MAX_BUFFER_BYTES = 0xfffff;
    public static final long DEFAULT_CONTAINER_CHECK_INTERVAL_MS = 60_000;

    public ServerConfig {
        servers = Map.copyOf(servers);
        unknownKeys = List.copyOf(unknownKeys);
    }

    /** Whether server.N entries make this server part of an ensemble. */
    public boolean isQuorum() {
        return !servers.isEmpty();
    }

    /**
     * The log segment size in bytes for records of at most {@code txnBytesMax}: preAllocSize, raised
     * so that a segment holds {@link #LOG_SEGMENT_RECORDS_MIN} of the largest records (ZooKeeper's
     * preallocation step has no such bound, so small values such as 1024 KB are accepted), and at
     * most {@link #MAX_PRE_ALLOC_SIZE_KB}. Standalone and ensemble members size segments alike.
     */
    public long logSegmentBytes(int txnBytesMax) {
        long wanted = Math.max(preAllocSizeKb * 1024, LOG_SEGMENT_RECORDS_MIN * (long) txnBytesMax);
        return Math.min(wanted, MAX_PRE_ALLOC_SIZE_KB * 1024);
    }

    public boolean autopurgeEnabled() {
        return autopurgePurgeIntervalHours > 0;
    }
}
