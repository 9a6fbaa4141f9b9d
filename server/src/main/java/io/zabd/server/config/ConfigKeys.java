package io.zabd.server.config;

import java.util.Set;

/** The zoo.cfg keys zabd reads (server.N entries are matched by prefix). */
final class ConfigKeys {
    static final String TICK_TIME = "tickTime";
    static final String DATA_DIR = "dataDir";
    static final String DATA_LOG_DIR = "dataLogDir";
    static final String CLIENT_PORT = "clientPort";
    static final String CLIENT_PORT_ADDRESS = "clientPortAddress";
    static final String MAX_CLIENT_CNXNS = "maxClientCnxns";
    static final String MAX_CNXNS = "maxCnxns";
    static final String MIN_SESSION_TIMEOUT = "minSessionTimeout";
    static final String MAX_SESSION_TIMEOUT = "maxSessionTimeout";
    static final String GLOBAL_OUTSTANDING_LIMIT = "globalOutstandingLimit";
    static final String PRE_ALLOC_SIZE = "preAllocSize";
    static final String SNAP_COUNT = "snapCount";
    static final String SNAP_SIZE_LIMIT_IN_KB = "snapSizeLimitInKb";
    static final String AUTOPURGE_SNAP_RETAIN_COUNT = "autopurge.snapRetainCount";
    static final String AUTOPURGE_PURGE_INTERVAL = "autopurge.purgeInterval";
    static final String FORCE_SYNC = "forceSync";
    static final String JUTE_MAX_BUFFER = "jute.maxbuffer";
    static final String FOUR_LETTER_WHITELIST = "4lw.commands.whitelist";
    static final String EXTENDED_TYPES_ENABLED = "extendedTypesEnabled";
    static final String CONTAINER_CHECK_INTERVAL_MS = "znode.container.checkIntervalMs";
    static final String SUPER_DIGEST = "superDigest";
    static final String AUDIT_ENABLE = "audit.enable";
    static final String INIT_LIMIT = "initLimit";
    static final String SYNC_LIMIT = "syncLimit";
    /** ZooKeeper's local sessions: accepted (a valid boolean), sessions stay global (see ZooCfgParser). */
    static final String LOCAL_SESSIONS_ENABLED = "localSessionsEnabled";
    static final String LOCAL_SESSIONS_UPGRADING_ENABLED = "localSessionsUpgradingEnabled";

    static final Set<String> KNOWN = Set.of(TICK_TIME, DATA_DIR, DATA_LOG_DIR, CLIENT_PORT, CLIENT_PORT_ADDRESS,
            MAX_CLIENT_CNXNS, MAX_CNXNS, MIN_SESSION_TIMEOUT, MAX_SESSION_TIMEOUT, GLOBAL_OUTSTANDING_LIMIT,
            PRE_ALLOC_SIZE, SNAP_COUNT, SNAP_SIZE_LIMIT_IN_KB, AUTOPURGE_SNAP_RETAIN_COUNT, AUTOPURGE_PURGE_INTERVAL,
            FORCE_SYNC, JUTE_MAX_BUFFER, FOUR_LETTER_WHITELIST, EXTENDED_TYPES_ENABLED, CONTAINER_CHECK_INTERVAL_MS,
            SUPER_DIGEST, AUDIT_ENABLE, INIT_LIMIT, SYNC_LIMIT, LOCAL_SESSIONS_ENABLED, LOCAL_SESSIONS_UPGRADING_ENABLED);

    private ConfigKeys() {}
}
